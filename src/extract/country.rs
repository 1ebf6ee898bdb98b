//! Countries by name and adjective, mapped to ISO 3166-1 alpha-2 codes (plus `EU`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::obs::Party;

/// Names, demonyms and adjectives of countries, by code. Matched case-sensitively as
/// whole words, longest first, so "South Korea" wins over "Korea" and "Kazakhstani"
/// over "Kazakh". Short forms that are common English words are left out on purpose.
pub(crate) const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "KZ",
        &["Kazakhstan", "Kazakhstani", "Kazakh", "Qazaqstan", "Qazaq"],
    ),
    (
        "CN",
        &["China", "Chinese", "PRC", "People's Republic of China"],
    ),
    ("EU", &["European Union", "EU", "European"]),
    ("UZ", &["Uzbekistan", "Uzbek", "Uzbekistani"]),
    ("AZ", &["Azerbaijan", "Azerbaijani", "Azeri"]),
    ("RU", &["Russia", "Russian Federation", "Russian"]),
    ("TR", &["Turkey", "Türkiye", "Turkiye", "Turkish"]),
    (
        "KG",
        &["Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz", "Kirghizia"],
    ),
    ("TJ", &["Tajikistan", "Tajik"]),
    ("TM", &["Turkmenistan", "Turkmen"]),
    ("MN", &["Mongolia", "Mongolian"]),
    ("AF", &["Afghanistan", "Afghan"]),
    ("IR", &["Iran", "Iranian"]),
    ("PK", &["Pakistan", "Pakistani"]),
    ("IN", &["India", "Indian"]),
    ("BY", &["Belarus", "Belarusian", "Belarussian"]),
    ("UA", &["Ukraine", "Ukrainian"]),
    ("GE", &["Georgia", "Georgian"]),
    ("AM", &["Armenia", "Armenian"]),
    ("MD", &["Moldova", "Moldovan"]),
    (
        "US",
        &[
            "United States of America",
            "United States",
            "USA",
            "U.S.",
            "US",
            "American",
        ],
    ),
    (
        "GB",
        &[
            "United Kingdom",
            "Great Britain",
            "Britain",
            "British",
            "UK",
            "U.K.",
        ],
    ),
    ("DE", &["Germany", "German"]),
    ("FR", &["France", "French"]),
    ("IT", &["Italy", "Italian"]),
    ("ES", &["Spain", "Spanish"]),
    ("PT", &["Portugal", "Portuguese"]),
    ("NL", &["Netherlands", "Dutch"]),
    ("BE", &["Belgium", "Belgian"]),
    ("AT", &["Austria", "Austrian"]),
    ("CH", &["Switzerland", "Swiss"]),
    ("PL", &["Poland", "Polish"]),
    ("CZ", &["Czech Republic", "Czechia", "Czech"]),
    ("SK", &["Slovakia", "Slovak"]),
    ("HU", &["Hungary", "Hungarian"]),
    ("RO", &["Romania", "Romanian"]),
    ("BG", &["Bulgaria", "Bulgarian"]),
    ("GR", &["Greece", "Greek"]),
    ("SE", &["Sweden", "Swedish"]),
    ("NO", &["Norway", "Norwegian"]),
    ("FI", &["Finland", "Finnish"]),
    ("DK", &["Denmark", "Danish"]),
    ("IE", &["Ireland", "Irish"]),
    ("LT", &["Lithuania", "Lithuanian"]),
    ("LV", &["Latvia", "Latvian"]),
    ("EE", &["Estonia", "Estonian"]),
    ("RS", &["Serbia", "Serbian"]),
    ("HR", &["Croatia", "Croatian"]),
    ("SI", &["Slovenia", "Slovenian"]),
    ("JP", &["Japan", "Japanese"]),
    (
        "KR",
        &[
            "South Korea",
            "Republic of Korea",
            "Korea",
            "Korean",
            "South Korean",
        ],
    ),
    ("KP", &["North Korea", "North Korean", "DPRK"]),
    ("VN", &["Vietnam", "Viet Nam", "Vietnamese"]),
    ("TH", &["Thailand", "Thai"]),
    ("MY", &["Malaysia", "Malaysian"]),
    ("ID", &["Indonesia", "Indonesian"]),
    ("PH", &["Philippines", "Philippine", "Filipino"]),
    ("SG", &["Singapore", "Singaporean"]),
    ("BD", &["Bangladesh", "Bangladeshi"]),
    ("LK", &["Sri Lanka", "Sri Lankan"]),
    ("SA", &["Saudi Arabia", "Saudi"]),
    ("AE", &["United Arab Emirates", "UAE", "Emirati"]),
    ("QA", &["Qatar", "Qatari"]),
    ("KW", &["Kuwait", "Kuwaiti"]),
    ("OM", &["Oman", "Omani"]),
    ("BH", &["Bahrain", "Bahraini"]),
    ("IL", &["Israel", "Israeli"]),
    ("EG", &["Egypt", "Egyptian"]),
    ("IQ", &["Iraq", "Iraqi"]),
    ("SY", &["Syria", "Syrian"]),
    ("JO", &["Jordan", "Jordanian"]),
    ("MA", &["Morocco", "Moroccan"]),
    ("DZ", &["Algeria", "Algerian"]),
    ("TN", &["Tunisia", "Tunisian"]),
    ("NG", &["Nigeria", "Nigerian"]),
    ("ZA", &["South Africa", "South African"]),
    ("KE", &["Kenya", "Kenyan"]),
    ("GH", &["Ghana", "Ghanaian"]),
    ("UG", &["Uganda", "Ugandan"]),
    ("TZ", &["Tanzania", "Tanzanian"]),
    ("ET", &["Ethiopia", "Ethiopian"]),
    ("BR", &["Brazil", "Brazilian"]),
    ("AR", &["Argentina", "Argentine", "Argentinian"]),
    ("MX", &["Mexico", "Mexican"]),
    ("CA", &["Canada", "Canadian"]),
    ("AU", &["Australia", "Australian"]),
    ("NZ", &["New Zealand"]),
    ("CL", &["Chile", "Chilean"]),
    ("CO", &["Colombia", "Colombian"]),
    ("PE", &["Peru", "Peruvian"]),
    ("CU", &["Cuba", "Cuban"]),
    ("VE", &["Venezuela", "Venezuelan"]),
    ("TW", &["Taiwan", "Taiwanese"]),
    ("BO", &["Bolivia", "Bolivian"]),
    ("EC", &["Ecuador", "Ecuadorian"]),
    ("PY", &["Paraguay", "Paraguayan"]),
    ("UY", &["Uruguay", "Uruguayan"]),
    ("PA", &["Panama", "Panamanian"]),
    ("CR", &["Costa Rica", "Costa Rican"]),
    ("GT", &["Guatemala", "Guatemalan"]),
    ("DO", &["Dominican Republic"]),
    ("KH", &["Cambodia", "Cambodian"]),
    ("LA", &["Laos", "Lao PDR"]),
    ("MM", &["Myanmar", "Burma"]),
    ("NP", &["Nepal", "Nepalese", "Nepali"]),
    ("LB", &["Lebanon", "Lebanese"]),
    ("LY", &["Libya", "Libyan"]),
    ("SD", &["Sudan", "Sudanese"]),
    ("YE", &["Yemen", "Yemeni"]),
    ("AO", &["Angola", "Angolan"]),
    ("MZ", &["Mozambique", "Mozambican"]),
    ("ZM", &["Zambia", "Zambian"]),
    ("ZW", &["Zimbabwe", "Zimbabwean"]),
    ("SN", &["Senegal", "Senegalese"]),
    (
        "CI",
        &["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Ivorian"],
    ),
    ("CM", &["Cameroon", "Cameroonian"]),
    ("RW", &["Rwanda", "Rwandan"]),
    ("CY", &["Cyprus", "Cypriot"]),
    ("MT", &["Malta", "Maltese"]),
    ("LU", &["Luxembourg"]),
    ("IS", &["Iceland", "Icelandic"]),
    ("AL", &["Albania", "Albanian"]),
    ("MK", &["North Macedonia", "Macedonia", "Macedonian"]),
    ("BA", &["Bosnia and Herzegovina", "Bosnia", "Bosnian"]),
    ("ME", &["Montenegro", "Montenegrin"]),
    ("HK", &["Hong Kong"]),
    ("BN", &["Brunei"]),
    ("MV", &["Maldives", "Maldivian"]),
];

/// Capitals and main cities: used only to read a dateline ("ASTANA -", "Tashkent, 17 March").
const CITIES: &[(&str, &str)] = &[
    ("astana", "KZ"),
    ("nur-sultan", "KZ"),
    ("almaty", "KZ"),
    ("beijing", "CN"),
    ("tashkent", "UZ"),
    ("baku", "AZ"),
    ("moscow", "RU"),
    ("ankara", "TR"),
    ("istanbul", "TR"),
    ("bishkek", "KG"),
    ("dushanbe", "TJ"),
    ("ashgabat", "TM"),
    ("ulaanbaatar", "MN"),
    ("minsk", "BY"),
    ("kyiv", "UA"),
    ("tbilisi", "GE"),
    ("yerevan", "AM"),
    ("brussels", "EU"),
    ("berlin", "DE"),
    ("paris", "FR"),
    ("london", "GB"),
    ("washington", "US"),
    ("tokyo", "JP"),
    ("seoul", "KR"),
    ("new delhi", "IN"),
    ("islamabad", "PK"),
    ("tehran", "IR"),
];

struct Table {
    re: Regex,
    code: HashMap<&'static str, Party>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut names: Vec<(&'static str, Party)> = Vec::new();
    for (code, list) in COUNTRIES {
        let party: Party = code.parse().expect("table codes are valid");
        for n in *list {
            names.push((n, party));
        }
    }
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(b.0)));
    let alternation = names
        .iter()
        .map(|(n, _)| regex::escape(n))
        .collect::<Vec<_>>()
        .join("|");
    // The end of a word is checked by hand in `mentions`: the regex crate has no
    // look-behind, and names such as "U.S." end in a period.
    let re = Regex::new(&format!(r"(?-u:\b)(?:{alternation})")).expect("country regex compiles");
    Table {
        re,
        code: names.into_iter().collect(),
    }
});

static CITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alt = CITIES
        .iter()
        .map(|(c, _)| regex::escape(c))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(r"(?i)(?-u:\b)({alt})(?-u:\b)")).expect("city regex compiles")
});

/// One mention of a country in a (normalised) sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Mention {
    /// The country.
    pub party: Party,
    /// Byte span in the normalised sentence.
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
}

/// Nouns after an adjective that make it a region rather than a country or union:
/// "European countries", "European nations".
static REGION_NOUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s+(?:countries|nations|states|markets|partners|economies|region)(?-u:\b)")
        .expect("region noun regex compiles")
});

/// Every country mention in `norm` (a normalised sentence), in order.
pub(crate) fn mentions(norm: &str) -> Vec<Mention> {
    let t = &*TABLE;
    let mut out = Vec::new();
    for m in t.re.find_iter(norm) {
        let name = m.as_str();
        let Some(&party) = t.code.get(name) else {
            continue;
        };
        let after = &norm[m.end()..];
        if !name.ends_with('.') {
            let mut rest = after.chars();
            let next = rest.next();
            let whole_word = match next {
                None => true,
                Some('s') => !rest.next().is_some_and(char::is_alphanumeric),
                Some(c) => !c.is_alphanumeric(),
            };
            if !whole_word {
                continue;
            }
        }
        // "US dollars", "US$": a currency, not a country.
        if party.as_str() == "US" {
            let a = after.trim_start().to_ascii_lowercase();
            if a.starts_with("dollar")
                || a.starts_with("currency")
                || a.starts_with('$')
                || after.starts_with('$')
            {
                continue;
            }
        }
        // "European countries", "European markets": a region, not the European Union.
        if name == "European" && REGION_NOUN.is_match(after) {
            continue;
        }
        out.push(Mention {
            party,
            start: m.start(),
            end: m.end(),
        });
    }
    out
}

/// A dateline city near the top of the article ("ASTANA -", "Astana, Kazakhstan •").
pub(crate) fn dateline_city(head: &str) -> Option<Party> {
    let c = CITY_RE.captures(head)?;
    let name = c[1].to_ascii_lowercase();
    CITIES
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, code)| code.parse().ok())
}

/// Every city of the table named in `low` (lower-cased text): byte offset and country.
pub(crate) fn cities(low: &str) -> Vec<(usize, Party)> {
    CITY_RE
        .captures_iter(low)
        .filter_map(|c| {
            let m = c.get(1)?;
            let code = CITIES.iter().find(|(n, _)| *n == m.as_str())?.1;
            Some((m.start(), code.parse().ok()?))
        })
        .collect()
}

/// News agencies and outlets, by the country whose perspective they report from.
const PUBLISHERS: &[(&str, &str)] = &[
    ("kazinform", "KZ"),
    ("astana times", "KZ"),
    ("tengrinews", "KZ"),
    ("qazmonitor", "KZ"),
    ("kapital.kz", "KZ"),
    ("inform.kz", "KZ"),
    ("primeminister.kz", "KZ"),
    ("akorda", "KZ"),
    ("trend news agency", "AZ"),
    ("trend reports", "AZ"),
    ("azertac", "AZ"),
    ("apa.az", "AZ"),
    ("report.az", "AZ"),
    ("news.az", "AZ"),
    ("uza.uz", "UZ"),
    ("uzdaily", "UZ"),
    ("kun.uz", "UZ"),
    ("gazeta.uz", "UZ"),
    ("dunyo", "UZ"),
    ("xinhua", "CN"),
    ("cgtn", "CN"),
    ("global times", "CN"),
    ("china daily", "CN"),
    ("tass", "RU"),
    ("ria novosti", "RU"),
    ("interfax", "RU"),
    ("anadolu", "TR"),
    ("daily sabah", "TR"),
    ("kabar", "KG"),
    ("akipress", "KG"),
    ("24.kg", "KG"),
    ("khovar", "TJ"),
    ("asia-plus", "TJ"),
    ("montsame", "MN"),
    ("belta", "BY"),
    ("ukrinform", "UA"),
    ("armenpress", "AM"),
];

static PUBLISHER_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alt = PUBLISHERS
        .iter()
        .map(|(c, _)| regex::escape(c))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(r"(?i)(?-u:\b)({alt})(?-u:\b)")).expect("publisher regex compiles")
});

/// The news agency named in the text, if one is known ("Kazinform", "Trend reports", "Xinhua").
pub(crate) fn publisher(text: &str) -> Option<Party> {
    let c = PUBLISHER_RE.captures(text)?;
    let name = c[1].to_ascii_lowercase();
    PUBLISHERS
        .iter()
        .find(|(n, _)| *n == name)
        .and_then(|(_, code)| code.parse().ok())
}

/// English name of a party for notes ("China"), or its code when not in the table.
pub(crate) fn name(p: Party) -> &'static str {
    COUNTRIES
        .iter()
        .find(|(c, _)| *c == p.as_str())
        .and_then(|(_, names)| names.first().copied())
        .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(s: &str) -> Vec<String> {
        mentions(s).iter().map(|m| m.party.to_string()).collect()
    }

    #[test]
    fn names_and_adjectives() {
        assert_eq!(
            codes("Kazakh-Uzbek trade with the EU and South Korea"),
            ["KZ", "UZ", "EU", "KR"]
        );
        assert_eq!(
            codes("41.2 billion US dollars, US$ 5 bn, the U.S. and Türkiye"),
            ["US", "TR"]
        );
        assert_eq!(codes("Kazakhstan's exports to China"), ["KZ", "CN"]);
        assert!(COUNTRIES.len() >= 60);
    }
}
