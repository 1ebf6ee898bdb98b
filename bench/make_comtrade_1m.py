"""A synthetic UN Comtrade API/bulk CSV for the import benchmark (bench/import.sh).

10 reporters x 50 partners x 2 flows x 10 years = 10,000 groups of 100 rows each (1,000,000 data
rows): odd groups have a TOTAL row and 99 chapter rows (level 2, not added to it); even groups have
no TOTAL row, only 100 chapter rows, which are summed. Every tenth group also has a
customs-procedure sub-row (skipped). Deterministic (no randomness): the same file every run.

Usage: python3 bench/make_comtrade_1m.py OUT.csv
"""
import sys

COLS = ("typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,"
        "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,"
        "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,"
        "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,"
        "altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,"
        "isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,legacyEstimationFlag,isReported,isAggregate")
REPORTERS = [398, 156, 276, 842, 392, 410, 643, 757, 251, 699]
PARTNERS = [4, 8, 12, 20, 24, 31, 32, 36, 40, 50, 51, 56, 68, 76, 100, 112, 116, 124, 152, 170,
            188, 191, 203, 208, 218, 233, 246, 268, 300, 348, 352, 360, 364, 368, 372, 376, 381, 388,
            400, 404, 414, 417, 422, 428, 440, 442, 458, 484, 496, 498]


def main(out):
    rows = 0
    with open(out, "w") as f:
        f.write(COLS + "\n")
        g = 0
        for r in REPORTERS:
            for p in PARTNERS:
                if p == r:
                    continue
                for flow in ("X", "M"):
                    for year in range(2014, 2024):
                        g += 1
                        base = 1000 + (g * 7919) % 100000
                        cmds = ["TOTAL"] + ["%02d" % c for c in range(1, 100)] if g % 2 else ["%02d" % c for c in range(1, 101)]
                        for i, cmd in enumerate(cmds):
                            value = base * 99 * 50 if cmd == "TOTAL" else base * (1 + i % 7) * 10 + i
                            level = "0" if cmd == "TOTAL" else "2"
                            customs = "C01" if (g % 10 == 0 and i == 1) else "C00"
                            f.write(f"C,A,{year}0101,{year},52,{year},{r},,,{flow},,{p},,,0,,,H6,HS,True,{cmd},,{level},"
                                    f"False,{customs},,0,0,,-1,,0,False,-1,,0,False,0,False,0,False,,,{value},0,True,False\n")
                            rows += 1
    print(rows, "rows", file=sys.stderr)


main(sys.argv[1])
