//! PostgreSQL's binary `numeric` format, decoded to exact decimal text.
//!
//! The format (`numeric_send` in PostgreSQL's `numeric.c`): four big-endian
//! 16-bit header words, `ndigits`, `weight` (signed: the power of 10000 of the
//! first digit), `sign` (0x0000 positive, 0x4000 negative, 0xC000 NaN, 0xD000
//! +Infinity, 0xF000 -Infinity) and `dscale` (digits after the decimal point),
//! then `ndigits` base-10000 digits, most significant first.

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;
const PLUS_INFINITY: u16 = 0xD000;
const MINUS_INFINITY: u16 = 0xF000;

fn word(raw: &[u8], i: usize) -> Option<u16> {
    raw.get(i * 2..i * 2 + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

/// The exact decimal text of a binary `numeric`, as PostgreSQL prints it
/// (`-12.50`, `0.001`, `NaN`, `Infinity`, `-Infinity`).
pub(crate) fn numeric_text(raw: &[u8]) -> Result<String, String> {
    let bad = || format!("malformed binary numeric ({} bytes)", raw.len());
    let ndigits = usize::from(word(raw, 0).ok_or_else(bad)?);
    let weight = i64::from(word(raw, 1).ok_or_else(bad)? as i16);
    let sign = word(raw, 2).ok_or_else(bad)?;
    let dscale = usize::from(word(raw, 3).ok_or_else(bad)? & 0x3FFF);
    if raw.len() != 8 + 2 * ndigits {
        return Err(bad());
    }
    match sign {
        NAN => return Ok("NaN".to_owned()),
        PLUS_INFINITY => return Ok("Infinity".to_owned()),
        MINUS_INFINITY => return Ok("-Infinity".to_owned()),
        POSITIVE | NEGATIVE => {}
        other => {
            return Err(format!(
                "binary numeric with unknown sign word {other:#06x}"
            ))
        }
    }
    let mut digits = Vec::with_capacity(ndigits);
    for i in 0..ndigits {
        let d = word(raw, 4 + i).ok_or_else(bad)?;
        if d >= 10_000 {
            return Err(format!("binary numeric with base-10000 digit {d}"));
        }
        digits.push(d);
    }
    // The base-10000 digit at position `i` (0 = the first), zero outside.
    let digit = |i: i64| -> u16 {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i).copied())
            .unwrap_or(0)
    };

    let mut s = String::with_capacity(ndigits * 4 + dscale + 3);
    if sign == NEGATIVE && digits.iter().any(|&d| d != 0) {
        s.push('-');
    }
    if weight < 0 {
        s.push('0');
    } else {
        for i in 0..=weight {
            let d = digit(i);
            if i == 0 {
                s.push_str(&d.to_string());
            } else {
                s.push_str(&format!("{d:04}"));
            }
        }
    }
    if dscale > 0 {
        s.push('.');
        let start = s.len();
        let mut i = weight + 1;
        while s.len() - start < dscale {
            s.push_str(&format!("{:04}", digit(i)));
            i += 1;
        }
        s.truncate(start + dscale);
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::numeric_text;

    fn bin(ndigits: u16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut v = Vec::new();
        for w in [ndigits, weight as u16, sign, dscale]
            .into_iter()
            .chain(digits.iter().copied())
        {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    }

    #[test]
    fn decodes() {
        assert_eq!(numeric_text(&bin(0, 0, 0, 0, &[])).unwrap(), "0");
        assert_eq!(numeric_text(&bin(0, 0, 0, 2, &[])).unwrap(), "0.00");
        assert_eq!(
            numeric_text(&bin(5, 3, 0, 2, &[12, 3456, 7890, 1234, 5600])).unwrap(),
            "12345678901234.56"
        );
        assert_eq!(
            numeric_text(&bin(1, -1, 0x4000, 2, &[100])).unwrap(),
            "-0.01"
        );
        assert_eq!(numeric_text(&bin(1, 2, 0, 0, &[7])).unwrap(), "700000000");
        assert_eq!(
            numeric_text(&bin(1, -2, 0, 6, &[1200])).unwrap(),
            "0.000012"
        );
        assert_eq!(numeric_text(&bin(0, 0, 0xC000, 0, &[])).unwrap(), "NaN");
        assert_eq!(
            numeric_text(&bin(0, 0, 0xF000, 0, &[])).unwrap(),
            "-Infinity"
        );
        assert_eq!(
            numeric_text(&bin(1, -2, 0, 8, &[12])).unwrap(),
            "0.00000012"
        );
        assert!(numeric_text(&[0, 1]).is_err());
        assert!(numeric_text(&bin(1, 0, 0, 0, &[10_000])).is_err());
    }
}
