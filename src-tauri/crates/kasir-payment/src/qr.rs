//! Renders a QRIS payload as an SVG QR code (black on white, quiet zone, level M).

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::error::{PaymentError, Result};

pub fn render_svg(payload: &str) -> Result<String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| PaymentError::Validation(format!("QR tidak dapat dibuat: {e}")))?;
    Ok(code
        .render::<svg::Color<'_>>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Rasterise the SVG our renderer produces (a `<path>` of unit squares `M{x} {y}h{w}v{h}…`
    /// scaled by the viewBox) into a greyscale grid and decode it with rqrr.
    pub(crate) fn decode_svg(svg: &str) -> String {
        let view = svg
            .split("viewBox=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("viewBox");
        let dims: Vec<usize> = view
            .split_whitespace()
            .map(|v| v.parse::<f64>().expect("num") as usize)
            .collect();
        let (w, h) = (dims[2], dims[3]);
        let d = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("path d");
        let mut dark = vec![false; w * h];
        // Path grammar from qrcode's svg renderer: "M{x} {y}h{w}v{h}H{x}Z" per dark run.
        for cmd in d.split('M').filter(|c| !c.is_empty()) {
            let nums: Vec<f64> = cmd
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<f64>().expect("path number"))
                .collect();
            let (x, y, rw, rh) = (nums[0], nums[1], nums[2], nums[3]);
            for yy in (y as usize)..((y + rh) as usize) {
                for xx in (x as usize)..((x + rw) as usize) {
                    if xx < w && yy < h {
                        dark[yy * w + xx] = true;
                    }
                }
            }
        }
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            if dark[y * w + x] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "exactly one QR in the picture");
        let (_, content) = grids[0].decode().expect("decodes");
        content
    }

    #[test]
    fn rendered_svg_decodes_back_to_the_payload() {
        let payload = kasir_gateway::qris::build_dynamic(
            &kasir_gateway::MerchantInfo::demo(),
            27_500,
            "INV-261126-0001",
        );
        let svg = render_svg(&payload).expect("svg");
        assert!(svg.contains("<svg"), "{}", &svg[..80.min(svg.len())]);
        assert_eq!(decode_svg(&svg), payload);
        let parsed = kasir_gateway::qris::parse(&decode_svg(&svg)).expect("valid QRIS");
        assert_eq!(parsed.amount, Some(27_500));
    }
}
