"""Generate src/import/codes/iso.rs from the Debian iso-codes package (apt-get install iso-codes).

Usage: python3 scripts/iso_table.py > src/import/codes/iso.rs
"""
import json

rows = sorted(json.load(open("/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"], key=lambda x: x["alpha_2"])
print("//! ISO 3166-1: alpha-2, alpha-3, numeric and English name of every assigned code.")
print("//!")
print("//! Generated from the Debian `iso-codes` package (`/usr/share/iso-codes/json/iso_3166-1.json`)")
print("//! by `scripts/iso_table.py`; do not edit by hand.")
print()
print("/// `(alpha-2, alpha-3, numeric, name)`, sorted by alpha-2.")
print("pub(super) const ISO: [(&str, &str, u16, &str); %d] = [" % len(rows))
for r in rows:
    name = r["name"].replace('"', '\\"')
    print('    ("%s", "%s", %d, "%s"),' % (r["alpha_2"], r["alpha_3"], int(r["numeric"]), name))
print("];")
