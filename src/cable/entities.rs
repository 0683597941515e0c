//! HTML character references left in scraped text (`&#8217;`, `&#x2019;`, `&amp;`): decoded
//! to the characters they name. Anything else that starts with `&` is kept as written.

/// The named references the scraped cables carry.
const NAMED: [(&str, char); 6] = [
    ("amp", '&'),
    ("quot", '"'),
    ("apos", '\''),
    ("lt", '<'),
    ("gt", '>'),
    ("nbsp", ' '),
];

/// The character a reference body names (`#8217`, `#x2019`, `amp`), if any.
fn named(body: &str) -> Option<char> {
    if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    NAMED.iter().find(|(n, _)| *n == body).map(|(_, c)| *c)
}

/// `s` with its character references decoded, in one pass.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        // A reference is short: its `;` within a few bytes.
        let semi = after.as_bytes().iter().take(10).position(|&b| b == b';');
        match semi.and_then(|q| named(&after[..q]).map(|c| (q, c))) {
            Some((q, c)) => {
                out.push(c);
                rest = &after[q + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references_decoded_and_the_rest_kept() {
        assert_eq!(
            decode("A &#8217; B &#x201C;C&#X201D;"),
            "A \u{2019} B \u{201c}C\u{201d}"
        );
        assert_eq!(decode("R&amp;D &lt;3"), "R&D <3");
        assert_eq!(
            decode("AT&T & &#xZZ; &unknown; &#0;"),
            "AT&T & &#xZZ; &unknown; &#0;"
        );
        assert_eq!(decode("trailing &"), "trailing &");
    }
}
