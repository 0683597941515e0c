//! Reference ids: year of the DTG + post + serial without leading zeros (`07USNATO265`), with
//! the canonical post spellings (`SECSTATE` -> `STATE`) and the release's malformed ids repaired
//! (`08ECTION01OF02MANAMA492` -> `08MANAMA492`, `09EFTOLONDON2240` -> `09LONDON2240`).

use std::sync::LazyLock;

use hashbrown::{DefaultHashBuilder, HashMap};

use super::classline::strip_section;

/// Misspelt or abbreviated post names and their canonical spelling (data from the release's
/// known variants, as collected by the cablemap project).
const STATION_ALIASES: &[(&str, &str)] = &[
    ("0TTAWA", "OTTAWA"),
    ("ABDIDJAN", "ABIDJAN"),
    ("ABIDJDAN", "ABIDJAN"),
    ("ADDIS", "ADDISABABA"),
    ("ADDISABAB", "ADDISABABA"),
    ("ANAKRA", "ANKARA"),
    ("ANARA", "ANKARA"),
    ("ANK", "ANKARA"),
    ("ANTAN", "ANTANANARIVO"),
    ("ANTANANARI", "ANTANANARIVO"),
    ("ASHGABT", "ASHGABAT"),
    ("ASUN", "ASUNCION"),
    ("ATENS", "ATHENS"),
    ("ATLANGAGA", "CDCATLANTAGA"),
    ("ATLANTA", "CDCATLANTAGA"),
    ("ATLANTAGA", "CDCATLANTAGA"),
    ("AUBJA", "ABUJA"),
    ("BA", "BUENOSAIRES"),
    ("BANDAR", "BANDARSERIBEGAWAN"),
    ("BANDARSERI", "BANDARSERIBEGAWAN"),
    ("BASRA", "BASRAH"),
    ("BEIJIG", "BEIJING"),
    ("BEIJINGCH", "BEIJING"),
    ("BEIJINJG", "BEIJING"),
    ("BISHTEK", "BISHKEK"),
    ("BKK", "BANGKOK"),
    ("BRASIIA", "BRASILIA"),
    ("BRASIILIA", "BRASILIA"),
    ("BRASILA", "BRASILIA"),
    ("BRAZIL", "BRASILIA"),
    ("BRAZILIA", "BRASILIA"),
    ("BRUSSELSBE", "BRUSSELS"),
    ("BSB", "BANDARSERIBEGAWAN"),
    ("BUENESAIRES", "BUENOSAIRES"),
    ("BUENOSAIRE", "BUENOSAIRES"),
    ("BUENOSAIREDS", "BUENOSAIRES"),
    ("BUENSOAIRES", "BUENOSAIRES"),
    ("CAL", "CALCUTTA"),
    ("CALCUTT", "CALCUTTA"),
    ("CDC", "CDCATLANTAGA"),
    ("CDCATLANTA", "CDCATLANTAGA"),
    ("CDCATLANTAGAUSA", "CDCATLANTAGA"),
    ("COTON0U", "COTONOU"),
    ("DAM", "DAMASCUS"),
    ("DAR", "DARESSALAAM"),
    ("DELHI", "NEWDELHI"),
    ("DEPTOFCOMMERCE", "USDOC"),
    ("DEPTOFJUST", "USDOJ"),
    ("DOC", "USDOC"),
    ("DUESSELDORF", "DUSSELDORF"),
    ("FREEETOWN", "FREETOWN"),
    ("HAGUE", "THEHAGUE"),
    ("HALIF", "HALIFAX"),
    ("HCM", "HOCHIMINHCITY"),
    ("HCMC", "HOCHIMINHCITY"),
    ("HK", "HONGKONG"),
    ("HOCHIMIN", "HOCHIMINHCITY"),
    ("HOCHIMINH", "HOCHIMINHCITY"),
    ("JAK", "JAKARTA"),
    ("JERSUALEM", "JERUSALEM"),
    ("JERUSALM", "JERUSALEM"),
    ("KATHAMNDU", "KATHMANDU"),
    ("KATHMANUD", "KATHMANDU"),
    ("KHARTOM", "KHARTOUM"),
    ("KHARTOUNM", "KHARTOUM"),
    ("KINSHSA", "KINSHASA"),
    ("KINSTON", "KINGSTON"),
    ("KL", "KUALALUMPUR"),
    ("KUALALUMP", "KUALALUMPUR"),
    ("LJBULJANA", "LJUBLJANA"),
    ("LJUBJLANA", "LJUBLJANA"),
    ("MADRIDSP", "MADRID"),
    ("MANAUGA", "MANAGUA"),
    ("MANAUGUA", "MANAGUA"),
    ("MEX", "MEXICO"),
    ("MEXICOCITY", "MEXICO"),
    ("MUMB", "MUMBAI"),
    ("MVD", "MONTEVIDEO"),
    ("NARIOBI", "NAIROBI"),
    ("NEWDEHLI", "NEWDELHI"),
    ("NEWYORK", "USUNNEWYORK"),
    ("PANAM", "PANAMA"),
    ("PANANA", "PANAMA"),
    ("PAP", "PORTAUPRINCE"),
    ("PARISFR", "UNESCOPARISFR"),
    ("PAULO", "SAOPAULO"),
    ("PAUP", "PORTAUPRINCE"),
    ("PETERSBURG", "STPETERSBURG"),
    ("PHNOMPEHN", "PHNOMPENH"),
    ("PHNOMPEN", "PHNOMPENH"),
    ("PORT-AU-PRINCE", "PORTAUPRINCE"),
    ("PORT-OF-SPAIN", "PORTOFSPAIN"),
    ("PORTA", "PORTAUPRINCE"),
    ("POS", "PORTOFSPAIN"),
    ("QUEBECCITY", "QUEBEC"),
    ("RANGON", "RANGOON"),
    ("RIO", "RIODEJANEIRO"),
    ("RIODEJAN", "RIODEJANEIRO"),
    ("RIODEJANERIO", "RIODEJANEIRO"),
    ("RIODEJANIERO", "RIODEJANEIRO"),
    ("SANJSE", "SANJOSE"),
    ("SANTIAG", "SANTIAGO"),
    ("SANTODOMINIGO", "SANTODOMINGO"),
    ("SAOPAUL", "SAOPAULO"),
    ("SAOPAUO", "SAOPAULO"),
    ("SAOPULO", "SAOPAULO"),
    ("SATTE", "STATE"),
    ("SCOPAULO", "SAOPAULO"),
    ("SD", "SANTODOMINGO"),
    ("SDO", "SANTODOMINGO"),
    ("SECDEFWASH", "SECDEF"),
    ("SECSATATE", "STATE"),
    ("SECSTATE", "STATE"),
    ("SECSTATEWASHDC", "STATE"),
    ("SECTATE", "STATE"),
    ("SECTATWASHDC", "STATE"),
    ("SECTSTATE", "STATE"),
    ("STAE", "STATE"),
    ("STAT", "STATE"),
    ("STATAE", "STATE"),
    ("SURBAYA", "SURABAYA"),
    ("TAIPEI", "AITTAIPEI"),
    ("TALLIN", "TALLINN"),
    ("TANA", "ANTANANARIVO"),
    ("TATE", "STATE"),
    ("TBLISI", "TBILISI"),
    ("TEGUC", "TEGUCIGALPA"),
    ("TEGUZ", "TEGUCIGALPA"),
    ("TGG", "TEGUCIGALPA"),
    ("TRIPOLII", "TRIPOLI"),
    ("UNVIE", "UNVIEVIENNA"),
    ("UNVIENNA", "UNVIEVIENNA"),
    ("UNVIEVIEN", "UNVIEVIENNA"),
    ("USCUSTOMSA", "USCBP"),
    ("USDA", "USDAFAS"),
    ("USDAFASWASHDC", "USDAFAS"),
    ("USDOCWASHDC", "USDOC"),
    ("USEU", "USEUBRUSSELS"),
    ("USEUBRUSEELS", "USEUBRUSSELS"),
    ("USEUBRUSS", "USEUBRUSSELS"),
    ("USNATOANDUSNATO", "USNATO"),
    ("USUN", "USUNNEWYORK"),
    ("USUNESCOPARISFR", "UNESCOPARISFR"),
    ("USUNNEW", "USUNNEWYORK"),
    ("USUNNEYORK", "USUNNEWYORK"),
    ("USUNNY", "USUNNEWYORK"),
    ("VAT", "VATICAN"),
    ("WASHDC", "STATE"),
    ("WELLINGOTN", "WELLINGTON"),
    ("WELLLINGTON", "WELLINGTON"),
];

/// [`STATION_ALIASES`] as a hash map: one hash and one comparison per look-up instead of the
/// eight comparisons of a binary search, for every id built.
static ALIASES: LazyLock<HashMap<&str, &str, DefaultHashBuilder>> =
    LazyLock::new(|| STATION_ALIASES.iter().copied().collect());

/// Whether `station` (canonical letters) is a known abbreviation or misspelling of a post: a
/// two-letter one (`BA`) names a post only then.
pub fn has_alias(station: &str) -> bool {
    ALIASES.contains_key(station)
}

/// Prefixes that are not part of a post name.
const NOISE_PREFIXES: [&str; 8] = [
    "AMEMBASSY",
    "EMBASSY",
    "AMCONSUL",
    "EFTO",
    "NOFORN",
    "SENSITIVE",
    "CLASSIFIED",
    "SIFIED",
];

/// The canonical spelling of a post name: upper case, spaces and hyphens removed, aliases
/// resolved (`SECSTATE WASHDC` -> `STATE`, `PORT-AU-PRINCE` -> `PORTAUPRINCE`).
pub fn canonical_station(station: &str) -> String {
    with_station_key(station, str::to_string)
}

/// Calls `f` with [`canonical_station`] of `station`, lent rather than built: ids are made from
/// it on every cable and every reference, and a post already written in canonical letters
/// (most are) is then only sliced, never copied.
fn with_station_key<R>(station: &str, f: impl FnOnce(&str) -> R) -> R {
    let filtered: String;
    let mut s: &str = if station
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        station
    } else {
        // Only ASCII letters and digits are kept, and in UTF-8 those are single bytes that never
        // occur inside a multi-byte character: a byte filter keeps exactly what a char filter
        // would.
        filtered = station
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
        &filtered
    };
    loop {
        let before = s.len();
        if let Some((_, rest)) = strip_section(s) {
            s = rest;
        }
        // Every noise prefix starts with one of these letters.
        if matches!(s.as_bytes().first(), Some(b'A' | b'E' | b'N' | b'S' | b'C')) {
            for p in NOISE_PREFIXES {
                if s.len() > p.len() && s.starts_with(p) {
                    s = &s[p.len()..];
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    f(ALIASES.get(s).copied().unwrap_or(s))
}

/// The canonical reference id from its parts: `canonical_id(2007, "USNATO", "000265")` is
/// `07USNATO265`. Returns None when the station is empty or the serial has no digits.
pub fn canonical_id(year: i32, station: &str, serial: &str) -> Option<String> {
    with_station_key(station, |station| id_of(year, station, serial))
}

/// [`canonical_id`] with the station already canonical.
fn id_of(year: i32, station: &str, serial: &str) -> Option<String> {
    let serial = serial.trim().trim_start_matches('0');
    let serial = if serial.is_empty() && !station.is_empty() {
        "0"
    } else {
        serial
    };
    if station.is_empty() || !serial.bytes().all(|b| b.is_ascii_digit()) || serial.is_empty() {
        return None;
    }
    // Built by hand: `format!("{:02}...")` costs more than the rest of the id together.
    let yy = year.rem_euclid(100) as u8;
    let mut id = String::with_capacity(2 + station.len() + serial.len());
    id.push(char::from(b'0' + yy / 10));
    id.push(char::from(b'0' + yy % 10));
    id.push_str(station);
    id.push_str(serial);
    Some(id)
}

/// Repairs a reference id as written elsewhere (`08ECTION01OF02MANAMA492`, `05RIO123`,
/// `09EFTOLONDON2240`, `06MADRID002583ZFR2585`, `09BRUSSLS1332`): two-digit year, post, serial.
/// Returns None when the text does not have that shape.
pub fn canonicalize_id(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    if b.len() < 4 || !b[0].is_ascii_digit() || !b[1].is_ascii_digit() {
        return None;
    }
    let year: i32 = raw[..2].parse().ok()?;
    let rest = &raw[2..];
    // The station ends at the last digit run that follows a letter.
    let mut body = rest;
    if let Some((_, r)) = strip_section(&rest.to_ascii_uppercase()) {
        body = &rest[rest.len() - r.len()..];
    }
    let letters = body.bytes().take_while(|c| !c.is_ascii_digit()).count();
    let digits = body[letters..]
        .bytes()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if letters == 0 || digits == 0 {
        return None;
    }
    // A post one slip away from exactly one known post is that post (`BRUSSLS`, `BEIJIG`).
    let station = canonical_station(&body[..letters]);
    let station = match super::posts::is_post(&station) {
        true => station,
        false => super::posts::nearest_post(&station).map_or(station, str::to_string),
    };
    id_of(year, &station, &body[letters..letters + digits])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_sorted_and_unique() {
        assert!(STATION_ALIASES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(ALIASES.len(), STATION_ALIASES.len());
        assert_eq!(canonical_station("Port-au-Prince"), "PORTAUPRINCE");
        assert_eq!(canonical_station("AMEMBASSY ABU DHABI"), "ABUDHABI");
    }

    #[test]
    fn canonical_ids() {
        assert_eq!(
            canonical_id(2007, "USNATO", "000265").as_deref(),
            Some("07USNATO265")
        );
        assert_eq!(
            canonical_id(2009, "SECSTATE", "012345").as_deref(),
            Some("09STATE12345")
        );
        assert_eq!(
            canonical_id(2009, "ABU DHABI", "000862").as_deref(),
            Some("09ABUDHABI862")
        );
        assert_eq!(
            canonical_id(1999, "FICTIONVILLE", "7").as_deref(),
            Some("99FICTIONVILLE7")
        );
        assert_eq!(canonical_id(2009, "", "1"), None);
    }

    #[test]
    fn malformed_ids_are_repaired() {
        assert_eq!(
            canonicalize_id("08ECTION01OF02MANAMA492").as_deref(),
            Some("08MANAMA492")
        );
        assert_eq!(
            canonicalize_id("09EFTOLONDON2240").as_deref(),
            Some("09LONDON2240")
        );
        assert_eq!(
            canonicalize_id("06MADRID002583ZFR2585").as_deref(),
            Some("06MADRID2583")
        );
        assert_eq!(
            canonicalize_id("09BRUSSLS1332").as_deref(),
            Some("09BRUSSELS1332")
        );
        assert_eq!(canonicalize_id("hello"), None);
    }
}
