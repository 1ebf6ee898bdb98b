//! Reporter and partner codes of each statistical system → the ISO 3166-1 alpha-2 codes
//! tradecast uses. One static table per system:
//!
//! - [`System::Iso2`], [`System::Iso3`], [`System::M49`]: the ISO table ([`iso`], generated),
//!   with Comtrade's own M49-based codes where they differ from ISO numeric (Switzerland 757,
//!   France 251, Italy 381, Norway 579, India 699, USA 842) and its aggregates;
//! - [`System::Census`]: US Census Schedule C ([`census`]);
//! - [`System::Imf`]: the IMF's DOTS/IMTS area codes (ISO alpha-2 for economies, plus its
//!   aggregates).
//!
//! A code is an economy ([`Code::Country`]), a known aggregate with a clear name
//! ([`Code::Aggregate`], which an import skips and counts, saying why), or unknown (`None`: the
//! import refuses the row, naming the code — a code is never guessed). The European Union is a
//! party of its own in tradecast (`EU`), so the EU aggregates map to it.

mod census;
mod iso;

use crate::obs::Party;

/// A code system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum System {
    /// ISO 3166-1 alpha-2 (`DE`).
    Iso2,
    /// ISO 3166-1 alpha-3 (`DEU`), as in Comtrade's ISO columns.
    Iso3,
    /// UN M49 numeric codes as Comtrade uses them (`276`, Switzerland `757`).
    M49,
    /// US Census Schedule C (`4280` Germany).
    Census,
    /// IMF area codes (`US`, `CNX`, `EMU`, `W00`).
    Imf,
    /// Eurostat's and other SDMX providers' geo codes: ISO alpha-2 but `EL` for Greece and `UK`
    /// for the United Kingdom, plus their aggregates (`EU27_2020`, `WORLD`, `EXT_EU27_2020`).
    Eurostat,
}

impl System {
    /// The name used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            System::Iso2 => "ISO 3166-1 alpha-2",
            System::Iso3 => "ISO 3166-1 alpha-3",
            System::M49 => "UN Comtrade (M49) numeric",
            System::Census => "US Census Schedule C",
            System::Imf => "IMF area",
            System::Eurostat => "SDMX (Eurostat) area",
        }
    }
}

/// What a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// One economy (or the EU).
    Country(Party),
    /// Several economies or none (World, the euro area, "areas n.e.s."): the name says which.
    Aggregate(&'static str),
}

/// Comtrade numeric codes that differ from ISO numeric, or are not in ISO at all.
const M49_SPECIAL: [(u16, Option<&str>, &str); 17] = [
    (0, None, "World"),
    (97, Some("EU"), "EU"),
    (251, Some("FR"), "France"),
    (381, Some("IT"), "Italy"),
    (490, None, "Other Asia, n.e.s."),
    (568, None, "Other Europe, n.e.s."),
    (577, None, "Other Africa, n.e.s."),
    (579, Some("NO"), "Norway"),
    (636, None, "Rest of America, n.e.s."),
    (699, Some("IN"), "India"),
    (711, None, "Southern African Customs Union"),
    (757, Some("CH"), "Switzerland"),
    (837, None, "Bunkers"),
    (838, None, "Free zones"),
    (839, None, "Special categories"),
    (842, Some("US"), "USA"),
    (899, None, "Areas, n.e.s."),
];

/// Alpha codes of aggregates, as Comtrade (ISO-3 columns), the IMF and SDMX providers write them.
const ALPHA_AGGREGATES: [(&str, Option<&str>, &str); 16] = [
    ("WORLD", None, "World"),
    ("EXT_EU27_2020", None, "Outside the EU (27, from 2020)"),
    ("INT_EU27_2020", None, "Within the EU (27, from 2020)"),
    ("EA20_EXTRA", None, "Outside the euro area (20)"),
    ("WLD", None, "World"),
    ("W00", None, "World"),
    ("W1", None, "World"),
    ("EMU", None, "Euro area"),
    ("U2", None, "Euro area"),
    ("EA20", None, "Euro area (20)"),
    ("I9", None, "Euro area"),
    ("CNX", None, "China, Hong Kong and Macao together"),
    ("EUR", Some("EU"), "European Union"),
    ("EU27_2020", Some("EU"), "European Union (27, from 2020)"),
    ("EU28", Some("EU"), "European Union (28)"),
    ("B0", Some("EU"), "European Union"),
];

/// Every alpha-2 in the tables is two capitals, so this is `Some` for all of them.
fn party(code: &str) -> Option<Code> {
    code.parse().ok().map(Code::Country)
}

fn aggregate(code: &str) -> Option<Code> {
    ALPHA_AGGREGATES
        .iter()
        .find(|(c, _, _)| *c == code)
        .and_then(|(_, iso, name)| iso.map_or(Some(Code::Aggregate(name)), party))
}

/// The meaning of `code` in `system` (surrounding spaces ignored; `None` = unknown).
pub fn lookup(system: System, code: &str) -> Option<Code> {
    let code = code.trim();
    match system {
        System::Iso2 => {
            if code == "EU" {
                return party(code);
            }
            iso::ISO
                .iter()
                .find(|r| r.0 == code)
                .and_then(|r| party(r.0))
                .or_else(|| aggregate(code))
        }
        System::Iso3 => iso::ISO
            .iter()
            .find(|r| r.1 == code)
            .and_then(|r| party(r.0))
            .or_else(|| aggregate(code)),
        System::M49 => {
            let n: u16 = code.parse().ok()?;
            if let Some((_, iso, name)) = M49_SPECIAL.iter().find(|r| r.0 == n) {
                return iso.map_or(Some(Code::Aggregate(name)), party);
            }
            iso::ISO.iter().find(|r| r.2 == n).and_then(|r| party(r.0))
        }
        System::Census => {
            let n: u16 = code.parse().ok()?;
            if let Some((_, name)) = census::CENSUS_AGGREGATES.iter().find(|r| r.0 == n) {
                return Some(Code::Aggregate(name));
            }
            census::CENSUS
                .iter()
                .find(|r| r.0 == n)
                .and_then(|r| party(r.1))
        }
        System::Imf => lookup(System::Iso2, code),
        System::Eurostat => match code {
            "EL" => party("GR"),
            "UK" => party("GB"),
            _ => lookup(System::Iso2, code),
        },
    }
}

/// The English name of an ISO alpha-2 code (`EU` included), for notes.
pub fn name(party: Party) -> &'static str {
    if party.as_str() == "EU" {
        return "European Union";
    }
    iso::ISO
        .iter()
        .find(|r| r.0 == party.as_str())
        .map_or("", |r| r.3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(system: System, code: &str) -> Option<String> {
        match lookup(system, code)? {
            Code::Country(p) => Some(p.to_string()),
            Code::Aggregate(_) => None,
        }
    }

    #[test]
    fn each_system_maps_its_codes() {
        assert_eq!(country(System::M49, "757").as_deref(), Some("CH"));
        assert_eq!(country(System::M49, "756").as_deref(), Some("CH"));
        assert_eq!(country(System::M49, "842").as_deref(), Some("US"));
        assert_eq!(country(System::M49, "276").as_deref(), Some("DE"));
        assert_eq!(country(System::M49, "344").as_deref(), Some("HK"));
        assert_eq!(country(System::Iso3, "DEU").as_deref(), Some("DE"));
        assert_eq!(country(System::Census, "4280").as_deref(), Some("DE"));
        assert_eq!(country(System::Census, "5800").as_deref(), Some("KR"));
        assert_eq!(country(System::Imf, "GB").as_deref(), Some("GB"));
        assert_eq!(country(System::M49, "97").as_deref(), Some("EU"));
        assert_eq!(lookup(System::M49, "0"), Some(Code::Aggregate("World")));
        assert_eq!(
            lookup(System::Imf, "EMU"),
            Some(Code::Aggregate("Euro area"))
        );
        assert_eq!(lookup(System::M49, "9999"), None);
        assert_eq!(lookup(System::Census, "1234"), None);
        assert_eq!(lookup(System::Iso3, "XYZ"), None);
    }

    #[test]
    fn every_table_entry_is_a_party_tradecast_accepts() {
        for r in iso::ISO {
            assert!(crate::input::is_known_party(r.0), "{}", r.0);
        }
        for r in census::CENSUS {
            assert!(crate::input::is_known_party(r.1), "{}", r.1);
            assert_eq!(census::CENSUS.iter().filter(|s| s.0 == r.0).count(), 1);
        }
        let specials = M49_SPECIAL.iter().map(|r| r.1);
        for c in specials
            .chain(ALPHA_AGGREGATES.iter().map(|r| r.1))
            .flatten()
        {
            assert!(crate::input::is_known_party(c), "{c}");
        }
    }
}
