//! Draws simple, varied product photos: a pastel backdrop, a soft shadow, and an
//! object shaped after the category, in flat colours that compress well.
//!
//! **Demo photos are drawn, not downloaded.** The seed draws each category's object
//! (shirt, shoe, bag, mug, …) on a pastel backdrop from a deterministic generator and
//! stores it through the image interface like an upload; products share a pool of
//! designs per category so 100,000 products do not need 200,000 encodes.

use image::{DynamicImage, Rgba, RgbaImage};

const SIZE: u32 = 800;

#[derive(Clone, Copy)]
enum Shape {
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
    },
    Ring {
        cx: f32,
        cy: f32,
        r: f32,
        w: f32,
    },
    Rect {
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        radius: f32,
    },
    Ellipse {
        cx: f32,
        cy: f32,
        rx: f32,
        ry: f32,
    },
    Trapezoid {
        top: f32,
        bottom: f32,
        x_mid: f32,
        half_top: f32,
        half_bottom: f32,
    },
}

impl Shape {
    fn contains(self, x: f32, y: f32) -> bool {
        match self {
            Shape::Circle { cx, cy, r } => (x - cx).powi(2) + (y - cy).powi(2) <= r * r,
            Shape::Ring { cx, cy, r, w } => {
                let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
                d <= r && d >= r - w
            }
            Shape::Rect {
                x0,
                y0,
                x1,
                y1,
                radius,
            } => {
                if x < x0 || x > x1 || y < y0 || y > y1 {
                    return false;
                }
                let radius = radius.min((x1 - x0) / 2.0).min((y1 - y0) / 2.0);
                let cx = x.max(x0 + radius).min(x1 - radius);
                let cy = y.max(y0 + radius).min(y1 - radius);
                (x - cx).powi(2) + (y - cy).powi(2) <= radius * radius
            }
            Shape::Ellipse { cx, cy, rx, ry } => {
                ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) <= 1.0
            }
            Shape::Trapezoid {
                top,
                bottom,
                x_mid,
                half_top,
                half_bottom,
            } => {
                if y < top || y > bottom {
                    return false;
                }
                let t = (y - top) / (bottom - top);
                (x - x_mid).abs() <= half_top + (half_bottom - half_top) * t
            }
        }
    }
}

/// A small deterministic generator (so art does not depend on `rand`'s stream).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f32 {
        (self.next() % 10_000) as f32 / 10_000.0
    }
}

fn hsl(h: f32, s: f32, l: f32) -> [u8; 3] {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = (h % 360.0) / 60.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [
        ((r + m) * 255.0) as u8,
        ((g + m) * 255.0) as u8,
        ((b + m) * 255.0) as u8,
    ]
}

/// The object for a category (by index into the category list), jittered by `seed`.
fn object(category: usize, m: &mut Mix) -> Vec<Shape> {
    let s = 0.85 + m.unit() * 0.3; // scale
    let c = 400.0;
    let r = |x: f32, y: f32, w: f32, h: f32, rad: f32| Shape::Rect {
        x0: c + (x - w / 2.0) * s,
        y0: c + (y - h / 2.0) * s,
        x1: c + (x + w / 2.0) * s,
        y1: c + (y + h / 2.0) * s,
        radius: rad * s,
    };
    let circle = |x: f32, y: f32, rad: f32| Shape::Circle {
        cx: c + x * s,
        cy: c + y * s,
        r: rad * s,
    };
    match category % 15 {
        // Clothing: a shirt (body and sleeves).
        0 | 1 | 14 => vec![
            r(0.0, 30.0, 260.0, 330.0, 24.0),
            r(-150.0, -90.0, 120.0, 90.0, 30.0),
            r(150.0, -90.0, 120.0, 90.0, 30.0),
            r(0.0, -120.0, 200.0, 60.0, 20.0),
        ],
        // Shoe: sole and upper.
        2 => vec![
            r(0.0, 90.0, 420.0, 50.0, 25.0),
            Shape::Ellipse {
                cx: c - 40.0 * s,
                cy: c + 20.0 * s,
                rx: 170.0 * s,
                ry: 90.0 * s,
            },
            r(90.0, 40.0, 200.0, 90.0, 40.0),
        ],
        // Bag: body and handle.
        3 => vec![
            Shape::Ring {
                cx: c,
                cy: c - 110.0 * s,
                r: 100.0 * s,
                w: 22.0 * s,
            },
            r(0.0, 60.0, 320.0, 260.0, 30.0),
        ],
        // Ring with a stone.
        4 => vec![
            Shape::Ring {
                cx: c,
                cy: c + 30.0 * s,
                r: 150.0 * s,
                w: 30.0 * s,
            },
            circle(0.0, -130.0, 48.0),
        ],
        // Mug: body and handle.
        5 => vec![
            Shape::Ring {
                cx: c + 140.0 * s,
                cy: c,
                r: 80.0 * s,
                w: 26.0 * s,
            },
            r(-20.0, 0.0, 260.0, 300.0, 26.0),
        ],
        // Bottle: body and cap.
        6 => vec![
            r(0.0, 50.0, 170.0, 300.0, 40.0),
            r(0.0, -140.0, 80.0, 90.0, 12.0),
        ],
        // Device: body and screen.
        7 => vec![r(0.0, 0.0, 420.0, 300.0, 30.0)],
        // Earbuds: two buds.
        8 => vec![
            circle(-80.0, 0.0, 70.0),
            circle(80.0, 0.0, 70.0),
            r(-80.0, 90.0, 30.0, 120.0, 14.0),
            r(80.0, 90.0, 30.0, 120.0, 14.0),
        ],
        // Ball.
        9 => vec![circle(0.0, 0.0, 170.0)],
        // Blocks.
        10 => vec![
            r(-90.0, 80.0, 160.0, 160.0, 14.0),
            r(90.0, 80.0, 160.0, 160.0, 14.0),
            r(0.0, -80.0, 160.0, 160.0, 14.0),
        ],
        // Bone.
        11 => vec![
            r(0.0, 0.0, 300.0, 70.0, 30.0),
            circle(-160.0, -40.0, 50.0),
            circle(-160.0, 40.0, 50.0),
            circle(160.0, -40.0, 50.0),
            circle(160.0, 40.0, 50.0),
        ],
        // Plant pot with leaves.
        12 => vec![
            circle(-60.0, -110.0, 80.0),
            circle(60.0, -130.0, 90.0),
            Shape::Trapezoid {
                top: c - 30.0 * s,
                bottom: c + 190.0 * s,
                x_mid: c,
                half_top: 150.0 * s,
                half_bottom: 105.0 * s,
            },
        ],
        // Hammer: handle and head.
        _ => vec![
            r(0.0, 60.0, 50.0, 340.0, 20.0),
            r(0.0, -130.0, 260.0, 80.0, 14.0),
        ],
    }
}

/// Draws photo number `seed` of a category.
pub fn draw(category: usize, seed: u64) -> DynamicImage {
    let mut m = Mix(seed.wrapping_mul(7919).wrapping_add(category as u64));
    let hue = m.unit() * 360.0;
    let bg = hsl(
        hue + 180.0 + m.unit() * 60.0,
        0.35 + m.unit() * 0.2,
        0.90 + m.unit() * 0.05,
    );
    let main = hsl(hue, 0.45 + m.unit() * 0.4, 0.35 + m.unit() * 0.3);
    let accent = hsl(hue + 30.0, 0.5, 0.75);
    let shadow = [
        (f32::from(bg[0]) * 0.85) as u8,
        (f32::from(bg[1]) * 0.85) as u8,
        (f32::from(bg[2]) * 0.85) as u8,
    ];
    let striped = m.unit() < 0.35;
    let stripe_w = 24.0 + m.unit() * 30.0;
    let shapes = object(category, &mut m);
    let screen = category % 15 == 7;
    let floor = Shape::Ellipse {
        cx: 400.0,
        cy: 640.0,
        rx: 250.0,
        ry: 38.0,
    };
    // Four samples per pixel give smooth edges.
    let colour_at = |fx: f32, fy: f32| -> [u8; 3] {
        let mut rgb = if floor.contains(fx, fy) { shadow } else { bg };
        if shapes.iter().any(|s| s.contains(fx, fy)) {
            rgb = if striped && ((fx + fy) / stripe_w) as i32 % 2 == 0 {
                accent
            } else {
                main
            };
            if screen && (fx - 400.0).abs() < 180.0 && (fy - 400.0).abs() < 120.0 {
                rgb = [30, 34, 44];
            }
        }
        rgb
    };
    let mut img = RgbaImage::new(SIZE, SIZE);
    for (x, y, px) in img.enumerate_pixels_mut() {
        let mut sum = [0u32; 3];
        for (dx, dy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let c = colour_at(x as f32 + dx, y as f32 + dy);
            for i in 0..3 {
                sum[i] += u32::from(c[i]);
            }
        }
        *px = Rgba([
            (sum[0] / 4) as u8,
            (sum[1] / 4) as u8,
            (sum[2] / 4) as u8,
            255,
        ]);
    }
    DynamicImage::ImageRgba8(img)
}
