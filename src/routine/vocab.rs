//! The closed vocabularies of the routine format. Each set lives here and only here: the
//! parser, the validator's hints, the CLI's value lists and the docs all read them from these
//! enums.

use crate::toml_check::vocabulary;

vocabulary!(
    /// A body area a routine works on.
    Area, "body area" {
        Neck => "neck",
        Shoulders => "shoulders",
        UpperBack => "upper-back",
        LowerBack => "lower-back",
        Temples => "temples",
        Forehead => "forehead",
        Jaw => "jaw",
        Scalp => "scalp",
        Face => "face",
        Hands => "hands",
        Forearms => "forearms",
        Chest => "chest",
        Abdomen => "abdomen",
        Hips => "hips",
        Thighs => "thighs",
        Calves => "calves",
        Feet => "feet",
    }
);

vocabulary!(
    /// What a routine is meant to help with.
    Goal, "goal" {
        Stress => "stress",
        Pain => "pain",
        Circulation => "circulation",
        Mood => "mood",
        Sleep => "sleep",
        Recovery => "recovery",
    }
);

vocabulary!(
    /// How hard to press, on the three-level scale the screen shows.
    Pressure, "pressure" {
        Light => "light",
        Medium => "medium",
        Firm => "firm",
    }
);

vocabulary!(
    /// The movement of the hands during a step.
    Stroke, "stroke" {
        Circles => "circles",
        Kneading => "kneading",
        Gliding => "gliding",
        Pressing => "pressing",
        Holding => "holding",
        Stroking => "stroking",
        Tapping => "tapping",
        Squeezing => "squeezing",
        Stretching => "stretching",
        Breathing => "breathing",
    }
);

vocabulary!(
    /// Which side of the body a step works on.
    Side, "side" {
        Left => "left",
        Right => "right",
        Both => "both",
        Each => "each",
    }
);

impl Pressure {
    /// 1 for light up to 3 for firm: the height of the pressure meter.
    pub fn level(self) -> u8 {
        match self {
            Pressure::Light => 1,
            Pressure::Medium => 2,
            Pressure::Firm => 3,
        }
    }
}

impl Side {
    /// How a step's side reads in a sentence: "left side", "right side", "both sides".
    pub fn phrase(self) -> &'static str {
        match self {
            Side::Left => "left side",
            Side::Right => "right side",
            Side::Both | Side::Each => "both sides",
        }
    }
}
