//! How far apart two provinces are, for matching: the great-circle distance between the seats of
//! their People's Committees as the 2025 arrangement set them (Resolution 202/2025/QH15), from
//! `data/province-seats-2025.csv` (coordinates rounded to 0.01°). A straight line, not a road:
//! enough to tell a neighbour from the other end of the country.

use std::collections::HashMap;
use std::sync::OnceLock;

const SEATS_CSV: &str = include_str!("../../data/province-seats-2025.csv");

/// The Earth's mean radius in km (IUGG).
const EARTH_RADIUS_KM: f64 = 6_371.0;

fn seats() -> &'static HashMap<&'static str, (f64, f64)> {
    static SEATS: OnceLock<HashMap<&'static str, (f64, f64)>> = OnceLock::new();
    SEATS.get_or_init(|| {
        SEATS_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cells = line.split(',');
                let code = cells.next()?;
                let _seat = cells.next()?;
                let latitude = cells.next()?.trim().parse().ok()?;
                let longitude = cells.next()?.trim().parse().ok()?;
                Some((code, (latitude, longitude)))
            })
            .collect()
    })
}

/// True for the code of a province of the 2025 scheme (one of the 34).
pub fn is_2025_province(code: &str) -> bool {
    seats().contains_key(code)
}

/// The codes of the 34 provinces of the 2025 scheme, in order.
pub fn provinces_2025() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = seats().keys().copied().collect();
    codes.sort_unstable();
    codes
}

/// The distance in km between two 2025 provinces' seats, rounded to the km; 0 within one
/// province; `None` for a code that is not a 2025 province.
pub fn between_provinces(a: &str, b: &str) -> Option<u32> {
    let (lat1, lon1) = *seats().get(a)?;
    let (lat2, lon2) = *seats().get(b)?;
    if a == b {
        return Some(0);
    }
    // The haversine formula.
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let d_phi = (lat2 - lat1).to_radians();
    let d_lambda = (lon2 - lon1).to_radians();
    let h = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    let km = 2.0 * EARTH_RADIUS_KM * h.sqrt().asin();
    Some(km.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_2025_province_has_a_seat() {
        assert_eq!(seats().len(), 34);
        for code in seats().keys() {
            assert!(hoptac_core::admin::is_province_code(code), "{code}");
        }
    }

    #[test]
    fn distances_tell_neighbours_from_the_far_end() {
        assert_eq!(between_provinces("19", "19"), Some(0));
        // Thái Nguyên to Hà Nội is some 62 km as the crow flies; to Cà Mau, some 1,390 km.
        let hanoi = between_provinces("19", "01").unwrap_or_default();
        assert!((55..=70).contains(&hanoi), "{hanoi}");
        let ca_mau = between_provinces("19", "96").unwrap_or_default();
        assert!((1_350..=1_420).contains(&ca_mau), "{ca_mau}");
        assert_eq!(between_provinces("19", "96"), between_provinces("96", "19"));
        assert_eq!(between_provinces("19", "06"), None);
    }
}
