//! The closed vocabularies of the routine format. Each set lives here and only here: the
//! parser, the validator's hints, the CLI's value lists and the docs all read them from these
//! enums.

use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order the format documents them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What the set is called in messages ("body area", "stroke").
            pub const WHAT: &'static str = $what;

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The known values as one comma-separated list, for error messages.
            pub fn known() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::routine::UnknownValue;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse(text).ok_or_else(|| crate::routine::UnknownValue::new::<$name>(text))
            }
        }

        impl crate::routine::Vocabulary for $name {
            fn all_str() -> Vec<&'static str> { Self::ALL.iter().map(|v| v.as_str()).collect() }
            fn what() -> &'static str { $what }
            fn parse_str(text: &str) -> Option<Self> { Self::parse(text) }
            fn nth(i: usize) -> Self { Self::ALL[i] }
        }
    };
}

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
