//! Words the demo catalogue is made of.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

pub struct Category {
    pub name: &'static str,
    pub code: &'static str,
    pub sizes: &'static [&'static str],
    /// Price range in cents.
    pub price: (i64, i64),
    pub adjectives: &'static [&'static str],
    pub nouns: &'static [&'static str],
    pub materials: &'static [&'static str],
}

const CLOTHES: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];
const SHOES: &[&str] = &["US 6", "US 7", "US 8", "US 9", "US 10", "US 11"];
const RINGS: &[&str] = &["5", "6", "7", "8", "9"];
const PETS: &[&str] = &["Small", "Medium", "Large"];
const BABY: &[&str] = &["0-3 mo", "3-6 mo", "6-12 mo", "12-18 mo"];

pub const CATEGORIES: &[Category] = &[
    Category {
        name: "Women's Fashion",
        code: "WF",
        sizes: CLOTHES,
        price: (999, 5999),
        adjectives: &[
            "Flowy",
            "Relaxed",
            "Ribbed",
            "Cropped",
            "Wrap",
            "Pleated",
            "Oversized",
            "Fitted",
        ],
        nouns: &[
            "Midi Dress",
            "Blouse",
            "Cardigan",
            "Maxi Skirt",
            "Knit Sweater",
            "Linen Shirt",
            "Jumpsuit",
            "Tank Top",
        ],
        materials: &["cotton", "linen", "viscose", "merino wool", "modal"],
    },
    Category {
        name: "Men's Fashion",
        code: "MF",
        sizes: CLOTHES,
        price: (1299, 6999),
        adjectives: &[
            "Classic",
            "Slim-Fit",
            "Heavyweight",
            "Vintage",
            "Everyday",
            "Tailored",
            "Garment-Dyed",
        ],
        nouns: &[
            "Crew T-Shirt",
            "Oxford Shirt",
            "Hoodie",
            "Chino Pants",
            "Denim Jacket",
            "Polo Shirt",
            "Cargo Shorts",
        ],
        materials: &["organic cotton", "denim", "fleece", "twill", "jersey"],
    },
    Category {
        name: "Shoes",
        code: "SH",
        sizes: SHOES,
        price: (1999, 8999),
        adjectives: &[
            "Lightweight",
            "Cushioned",
            "Waterproof",
            "Retro",
            "Minimal",
            "Trail",
            "Canvas",
        ],
        nouns: &[
            "Running Shoes",
            "Sneakers",
            "Chelsea Boots",
            "Loafers",
            "Sandals",
            "Hiking Boots",
            "Slip-Ons",
        ],
        materials: &["mesh", "suede", "leather", "canvas", "recycled knit"],
    },
    Category {
        name: "Bags & Accessories",
        code: "BA",
        sizes: &[],
        price: (999, 7999),
        adjectives: &[
            "Roomy",
            "Compact",
            "Convertible",
            "Structured",
            "Everyday",
            "Travel",
        ],
        nouns: &[
            "Tote Bag",
            "Backpack",
            "Crossbody Bag",
            "Wallet",
            "Belt",
            "Weekender Bag",
            "Sunglasses",
        ],
        materials: &[
            "vegan leather",
            "canvas",
            "nylon",
            "full-grain leather",
            "recycled polyester",
        ],
    },
    Category {
        name: "Jewelry & Watches",
        code: "JW",
        sizes: RINGS,
        price: (799, 14999),
        adjectives: &[
            "Dainty",
            "Hammered",
            "Minimal",
            "Vintage-Style",
            "Stackable",
            "Classic",
        ],
        nouns: &[
            "Ring",
            "Pendant Necklace",
            "Hoop Earrings",
            "Bracelet",
            "Signet Ring",
            "Chain",
        ],
        materials: &[
            "sterling silver",
            "gold-plated brass",
            "stainless steel",
            "rose gold vermeil",
        ],
    },
    Category {
        name: "Home & Kitchen",
        code: "HK",
        sizes: &[],
        price: (699, 8999),
        adjectives: &[
            "Stoneware",
            "Nonstick",
            "Handmade",
            "Stackable",
            "Insulated",
            "Ceramic",
        ],
        nouns: &[
            "Coffee Mug",
            "Frying Pan",
            "Serving Bowl",
            "Water Bottle",
            "Knife Set",
            "Storage Jars",
            "Throw Blanket",
        ],
        materials: &[
            "stoneware",
            "stainless steel",
            "borosilicate glass",
            "bamboo",
            "cast iron",
        ],
    },
    Category {
        name: "Beauty",
        code: "BE",
        sizes: &[],
        price: (499, 4999),
        adjectives: &[
            "Hydrating",
            "Gentle",
            "Brightening",
            "Fragrance-Free",
            "Nourishing",
            "Matte",
        ],
        nouns: &[
            "Face Serum",
            "Moisturizer",
            "Lip Tint",
            "Cleansing Balm",
            "Hair Oil",
            "Sunscreen SPF 50",
        ],
        materials: &[
            "hyaluronic acid",
            "vitamin C",
            "shea butter",
            "squalane",
            "niacinamide",
        ],
    },
    Category {
        name: "Electronics",
        code: "EL",
        sizes: &[],
        price: (1499, 19999),
        adjectives: &[
            "Wireless",
            "Portable",
            "Smart",
            "Noise-Cancelling",
            "Compact",
            "Rechargeable",
        ],
        nouns: &[
            "Bluetooth Speaker",
            "Smartwatch",
            "Tablet Stand",
            "Webcam",
            "Mechanical Keyboard",
            "Desk Lamp",
        ],
        materials: &["aluminium", "ABS plastic", "silicone", "tempered glass"],
    },
    Category {
        name: "Phone Accessories",
        code: "PA",
        sizes: &[],
        price: (499, 3999),
        adjectives: &[
            "Shockproof",
            "Slim",
            "Magnetic",
            "Fast-Charging",
            "Clear",
            "Braided",
        ],
        nouns: &[
            "Phone Case",
            "Charging Cable",
            "Wireless Earbuds",
            "Car Mount",
            "Power Bank",
            "Screen Protector",
        ],
        materials: &[
            "TPU",
            "silicone",
            "braided nylon",
            "tempered glass",
            "aluminium",
        ],
    },
    Category {
        name: "Sports & Outdoors",
        code: "SO",
        sizes: &[],
        price: (999, 9999),
        adjectives: &[
            "Ultralight",
            "Durable",
            "Foldable",
            "Non-Slip",
            "Quick-Dry",
            "Adjustable",
        ],
        nouns: &[
            "Yoga Mat",
            "Soccer Ball",
            "Camping Lantern",
            "Resistance Bands",
            "Water Bottle",
            "Hammock",
        ],
        materials: &[
            "TPE",
            "ripstop nylon",
            "natural rubber",
            "aluminium",
            "recycled PET",
        ],
    },
    Category {
        name: "Toys & Games",
        code: "TG",
        sizes: &[],
        price: (599, 5999),
        adjectives: &[
            "Wooden",
            "Educational",
            "Colourful",
            "Magnetic",
            "Classic",
            "Plush",
        ],
        nouns: &[
            "Building Blocks",
            "Puzzle",
            "Board Game",
            "Stacking Toy",
            "Teddy Bear",
            "Marble Run",
        ],
        materials: &[
            "beech wood",
            "BPA-free plastic",
            "organic cotton",
            "cardboard",
        ],
    },
    Category {
        name: "Pet Supplies",
        code: "PS",
        sizes: PETS,
        price: (499, 4999),
        adjectives: &[
            "Chew-Proof",
            "Cosy",
            "Reflective",
            "Washable",
            "Orthopedic",
            "Interactive",
        ],
        nouns: &[
            "Dog Bed",
            "Cat Toy",
            "Leash",
            "Pet Bowl",
            "Chew Bone",
            "Harness",
        ],
        materials: &[
            "natural rubber",
            "plush fleece",
            "nylon webbing",
            "stainless steel",
        ],
    },
    Category {
        name: "Garden",
        code: "GA",
        sizes: &[],
        price: (599, 6999),
        adjectives: &[
            "Self-Watering",
            "Terracotta",
            "Hanging",
            "Weatherproof",
            "Solar",
        ],
        nouns: &[
            "Plant Pot",
            "Watering Can",
            "Garden Lights",
            "Seed Kit",
            "Pruning Shears",
            "Planter Box",
        ],
        materials: &[
            "terracotta",
            "galvanised steel",
            "recycled plastic",
            "cedar wood",
        ],
    },
    Category {
        name: "Tools & Home Improvement",
        code: "TH",
        sizes: &[],
        price: (999, 12999),
        adjectives: &[
            "Cordless",
            "Heavy-Duty",
            "Precision",
            "Magnetic",
            "Compact",
            "Professional",
        ],
        nouns: &[
            "Hammer",
            "Screwdriver Set",
            "Drill",
            "Tape Measure",
            "Tool Box",
            "Work Light",
        ],
        materials: &["hardened steel", "fibreglass", "chrome vanadium", "ABS"],
    },
    Category {
        name: "Baby",
        code: "BB",
        sizes: BABY,
        price: (699, 4999),
        adjectives: &[
            "Soft",
            "Organic",
            "Snap-Button",
            "Breathable",
            "Gentle",
            "Cosy",
        ],
        nouns: &[
            "Onesie",
            "Sleep Sack",
            "Swaddle Blanket",
            "Bib Set",
            "Romper",
            "Knit Hat",
        ],
        materials: &["organic cotton", "bamboo viscose", "muslin", "merino"],
    },
];

pub const COLORS: &[&str] = &[
    "Black", "White", "Navy", "Sage", "Coral", "Mustard", "Lavender", "Charcoal", "Blush", "Teal",
];

pub const STORE_NAMES: &[&str] = &[
    "Demo Outfitters",
    "Northwind Goods",
    "Lumen & Co",
    "Harbor Home",
    "Pixel Peak",
    "Wildflower Studio",
    "Atlas Gear",
    "Maple Lane",
    "Cobalt Craft",
    "Sunday Supply",
    "Fernwood",
    "Brightside Kids",
    "Urban Nomad",
    "Copper Kettle",
    "Velvet Fox",
    "Tidewater Trading",
    "Pawsome Pets",
    "Greenthumb Garden",
    "Ironclad Tools",
    "Moonbeam Beauty",
];

pub const COUNTRIES: &[&str] = &["US", "CN", "GB", "DE", "VN", "IN", "MX", "PT"];

pub const FIRST_NAMES: &[&str] = &[
    "Maya", "Leo", "Priya", "Tom", "Aisha", "Jonas", "Mei", "Carlos", "Sofia", "Kwame", "Elena",
    "Ravi", "Hannah", "Diego", "Yuki", "Omar", "Chloe", "Ivan", "Nora", "Felix",
];

pub fn pick<'a>(rng: &mut StdRng, from: &[&'a str], n: usize) -> Vec<&'a str> {
    let mut all = from.to_vec();
    all.shuffle(rng);
    all.truncate(n.max(1));
    all
}

/// A product title from the category's words, never with a word twice ("Braided
/// Braided Nylon Power Bank"): the material goes first, then the adjective.
pub fn title(rng: &mut StdRng, cat: &Category) -> String {
    let adjective = cat.adjectives[rng.gen_range(0..cat.adjectives.len())];
    let noun = cat.nouns[rng.gen_range(0..cat.nouns.len())];
    let material = cat.materials[rng.gen_range(0..cat.materials.len())];
    let chosen = match rng.gen_range(0..3) {
        0 => format!("{adjective} {noun}"),
        1 => format!("{adjective} {} {noun}", capitalise(material)),
        _ => format!("{noun} in {}", capitalise(material)),
    };
    [chosen, format!("{adjective} {noun}"), noun.to_owned()]
        .into_iter()
        .find(|t| !repeats_a_word(t))
        .unwrap_or_else(|| noun.to_owned())
}

/// Whether a word comes twice in `title`, whatever its case ("Slim-Fit" is two words).
fn repeats_a_word(title: &str) -> bool {
    let words: Vec<String> = title
        .split([' ', '-'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let distinct: std::collections::HashSet<&String> = words.iter().collect();
    distinct.len() < words.len()
}

fn capitalise(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn description(rng: &mut StdRng, cat: &Category, title: &str) -> String {
    let material = cat.materials[rng.gen_range(0..cat.materials.len())];
    let openers = [
        format!("Meet the {title}: made from {material} and built for every day."),
        format!("Our {title} is a customer favourite, crafted from {material}."),
        format!("The {title} pairs clean design with {material} that lasts."),
    ];
    let middles = [
        "Every piece is checked by hand before it ships, so what arrives is what you ordered.",
        "Easy to care for and made to keep its shape, wash after wash and use after use.",
        "Thoughtful details make it comfortable from the first day, and it only gets better.",
    ];
    let closers = [
        "Ships in recyclable packaging. Questions? Message the store any time.",
        "Backed by our 30-day return promise.",
        "Pairs well with the rest of the collection in our store.",
    ];
    format!(
        "{}\n\n{}\n\n{}",
        openers[rng.gen_range(0..openers.len())],
        middles[rng.gen_range(0..middles.len())],
        closers[rng.gen_range(0..closers.len())]
    )
}

pub fn tags(cat: &Category, title: &str) -> String {
    let mut tags: Vec<String> = title
        .to_lowercase()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    tags.push(cat.name.to_lowercase());
    tags.join(" ")
}

pub fn review(rng: &mut StdRng, rating: i64) -> &'static str {
    let texts: &[&str] = match rating {
        5 => &[
            "Exactly as pictured and arrived early. Love it!",
            "Great quality for the price, would buy again.",
            "Perfect! My second one already.",
            "Better than expected, the colour is lovely.",
        ],
        4 => &[
            "Very nice, runs slightly small.",
            "Good value. Shipping took a little while.",
            "Solid quality, happy with it.",
            "Nice, but the packaging was a bit crushed.",
        ],
        3 => &[
            "It's okay. Does the job.",
            "Average quality, colour a bit different from the photos.",
        ],
        2 => &[
            "Smaller than I expected.",
            "Took three weeks to arrive and feels cheap.",
        ],
        _ => &[
            "Arrived damaged. The store offered a refund.",
            "Not as described.",
        ],
    };
    texts[rng.gen_range(0..texts.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn titles_never_repeat_a_word() {
        let mut rng = StdRng::seed_from_u64(7);
        for cat in CATEGORIES {
            for _ in 0..500 {
                let t = title(&mut rng, cat);
                assert!(!repeats_a_word(&t), "{t}");
            }
        }
        assert!(repeats_a_word("Braided Braided Nylon Power Bank"));
        assert!(repeats_a_word("Nylon Leash in nylon"));
        assert!(!repeats_a_word("Slim-Fit Oxford Shirt"));
    }
}
