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

vocabulary!(
    /// Something about a person's health that some steps do not suit: recorded in their
    /// profile, and named by a step's `avoid_with` and `gentle_with`.
    Precaution, "precaution" {
        Pregnancy => "pregnancy",
        BloodThinners => "blood-thinners",
        ClotHistory => "clot-history",
        Implant => "implant",
        Osteoporosis => "osteoporosis",
        HighBloodPressure => "high-blood-pressure",
        RecentSurgery => "recent-surgery",
        HandArthritis => "hand-arthritis",
        FragileSkin => "fragile-skin",
    }
);

vocabulary!(
    /// What a person arrives with, named by a routine's `helps`: a third way to choose.
    Complaint, "complaint" {
        Headache => "headache",
        EyeStrain => "eye-strain",
        JawClenching => "jaw-clenching",
        DeskWork => "desk-work",
        Driving => "driving",
        Running => "running",
        HeelPain => "heel-pain",
        RestlessLegs => "restless-legs",
        PeriodPain => "period-pain",
        Bloating => "bloating",
        StiffHands => "stiff-hands",
        CantSleep => "cant-sleep",
    }
);

impl Precaution {
    /// How the precaution reads in a sentence: "Skipped for you (blood thinners): ...".
    pub fn phrase(self) -> &'static str {
        match self {
            Precaution::Pregnancy => "pregnancy",
            Precaution::BloodThinners => "blood thinners",
            Precaution::ClotHistory => "a past clot",
            Precaution::Implant => "an implant",
            Precaution::Osteoporosis => "osteoporosis",
            Precaution::HighBloodPressure => "high blood pressure",
            Precaution::RecentSurgery => "recent surgery",
            Precaution::HandArthritis => "arthritis of the hands",
            Precaution::FragileSkin => "fragile skin",
        }
    }
}

impl Complaint {
    /// How the complaint reads in a sentence or a menu: "eye strain", "can't sleep".
    pub fn phrase(self) -> &'static str {
        match self {
            Complaint::Headache => "headache",
            Complaint::EyeStrain => "eye strain",
            Complaint::JawClenching => "jaw clenching",
            Complaint::DeskWork => "desk work",
            Complaint::Driving => "driving",
            Complaint::Running => "running",
            Complaint::HeelPain => "heel pain",
            Complaint::RestlessLegs => "restless legs",
            Complaint::PeriodPain => "period pain",
            Complaint::Bloating => "bloating",
            Complaint::StiffHands => "stiff hands",
            Complaint::CantSleep => "can't sleep",
        }
    }
}

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

impl Stroke {
    /// Whether the hands press in this stroke. Breathing and stretching move the body, not
    /// the hands into it: a pressure means nothing for them, so none is shown or said.
    pub fn presses(self) -> bool {
        !matches!(self, Stroke::Breathing | Stroke::Stretching)
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

vocabulary!(
    /// A way of looking at the body, each with its own figure on screen.
    View, "view" {
        Front => "front",
        Back => "back",
        HeadSide => "head-side",
        Face => "face",
        Palm => "palm",
        BackOfHand => "back-of-hand",
        Sole => "sole",
    }
);

vocabulary!(
    /// Where on the body a step works, in words a person would use. Each spot lies in one
    /// body area and is drawn on one view (see [`Spot::area`], [`Spot::view`]).
    Spot, "spot" {
        BackOfNeck => "back-of-neck",
        BaseOfSkull => "base-of-skull",
        TopOfShoulder => "top-of-shoulder",
        BetweenShoulderBlades => "between-shoulder-blades",
        BesideLowerSpine => "beside-lower-spine",
        Buttock => "buttock",
        BackOfThigh => "back-of-thigh",
        Calf => "calf",
        ChestBelowCollarbone => "chest-below-collarbone",
        Belly => "belly",
        FrontOfThigh => "front-of-thigh",
        Ankle => "ankle",
        Temple => "temple",
        AboveEar => "above-ear",
        JawMuscle => "jaw-muscle",
        Scalp => "scalp",
        Forehead => "forehead",
        Brow => "brow",
        Cheek => "cheek",
        BesideNose => "beside-nose",
        Palm => "palm",
        ThumbPad => "thumb-pad",
        Fingers => "fingers",
        Forearm => "forearm",
        BackOfForearm => "back-of-forearm",
        BackOfHand => "back-of-hand",
        WebOfHand => "web-of-hand",
        Sole => "sole",
        Heel => "heel",
        Toes => "toes",
    }
);

/// How a spot is said from the person's own point of view. `one` names a single side, with
/// `{side}` standing for "left" or "right"; `both` and `each` are for steps on both sides at
/// once and on each side in turn.
struct Words {
    one: &'static str,
    both: &'static str,
    each: &'static str,
}

impl Spot {
    /// The body area the spot lies in; a routine that works the spot lists this area.
    pub fn area(self) -> Area {
        self.facts().0
    }

    /// The figure the spot is drawn on.
    pub fn view(self) -> View {
        self.facts().1
    }

    /// The spot in words, for the side a step works: "top of your left shoulder", "tops of
    /// both shoulders", "back of your neck". Every front end says a spot this way.
    pub fn phrase(self, side: Side) -> String {
        let words = self.facts().2;
        match side {
            Side::Left => words.one.replace("{side}", "left"),
            Side::Right => words.one.replace("{side}", "right"),
            Side::Both => words.both.to_string(),
            Side::Each => words.each.to_string(),
        }
    }

    fn facts(self) -> (Area, View, Words) {
        let words = |one, both, each| Words { one, both, each };
        // A spot in the middle of the body is said the same way on either side.
        let middle = |both: &'static str, one, each| Words { one, both, each };
        match self {
            Spot::BackOfNeck => (
                Area::Neck,
                View::Back,
                middle(
                    "back of your neck",
                    "back of your neck, {side} side",
                    "back of your neck, each side",
                ),
            ),
            Spot::BaseOfSkull => (
                Area::Neck,
                View::Back,
                middle(
                    "base of your skull",
                    "base of your skull, {side} side",
                    "base of your skull, each side",
                ),
            ),
            Spot::TopOfShoulder => (
                Area::Shoulders,
                View::Back,
                words(
                    "top of your {side} shoulder",
                    "tops of both shoulders",
                    "top of each shoulder",
                ),
            ),
            Spot::BetweenShoulderBlades => (
                Area::UpperBack,
                View::Back,
                middle(
                    "between your shoulder blades",
                    "between your shoulder blades, {side} side",
                    "between your shoulder blades, each side",
                ),
            ),
            Spot::BesideLowerSpine => (
                Area::LowerBack,
                View::Back,
                middle(
                    "both sides of your lower spine",
                    "beside your lower spine, {side} side",
                    "beside your lower spine, each side",
                ),
            ),
            Spot::Buttock => (
                Area::Hips,
                View::Back,
                words("your {side} buttock", "both buttocks", "each buttock"),
            ),
            Spot::BackOfThigh => (
                Area::Thighs,
                View::Back,
                words(
                    "back of your {side} thigh",
                    "backs of both thighs",
                    "back of each thigh",
                ),
            ),
            Spot::Calf => (
                Area::Calves,
                View::Back,
                words("your {side} calf", "both calves", "each calf"),
            ),
            Spot::ChestBelowCollarbone => (
                Area::Chest,
                View::Front,
                words(
                    "below your {side} collarbone",
                    "below both collarbones",
                    "below each collarbone",
                ),
            ),
            Spot::Belly => (
                Area::Abdomen,
                View::Front,
                middle("your belly", "your belly, {side} side", "your belly, each side"),
            ),
            Spot::FrontOfThigh => (
                Area::Thighs,
                View::Front,
                words(
                    "front of your {side} thigh",
                    "fronts of both thighs",
                    "front of each thigh",
                ),
            ),
            Spot::Ankle => (
                Area::Feet,
                View::Front,
                words("your {side} ankle", "both ankles", "each ankle"),
            ),
            Spot::Temple => (
                Area::Temples,
                View::HeadSide,
                words("your {side} temple", "both temples", "each temple"),
            ),
            Spot::AboveEar => (
                Area::Temples,
                View::HeadSide,
                words("above your {side} ear", "above both ears", "above each ear"),
            ),
            Spot::JawMuscle => (
                Area::Jaw,
                View::HeadSide,
                words("your {side} jaw muscle", "both jaw muscles", "each jaw muscle"),
            ),
            Spot::Scalp => (
                Area::Scalp,
                View::HeadSide,
                middle("your scalp", "your scalp, {side} side", "your scalp, each side"),
            ),
            Spot::Forehead => (
                Area::Forehead,
                View::Face,
                middle(
                    "your forehead",
                    "your forehead, {side} side",
                    "your forehead, each side",
                ),
            ),
            Spot::Brow => (
                Area::Forehead,
                View::Face,
                words("your {side} brow", "both brows", "each brow"),
            ),
            Spot::Cheek => (
                Area::Face,
                View::Face,
                words("your {side} cheek", "both cheeks", "each cheek"),
            ),
            Spot::BesideNose => (
                Area::Face,
                View::Face,
                middle(
                    "both sides of your nose",
                    "beside your nose, {side} side",
                    "beside your nose, each side",
                ),
            ),
            Spot::Palm => (
                Area::Hands,
                View::Palm,
                words("your {side} palm", "both palms", "each palm"),
            ),
            Spot::ThumbPad => (
                Area::Hands,
                View::Palm,
                words(
                    "pad at the base of your {side} thumb",
                    "pads at the base of both thumbs",
                    "pad at the base of each thumb",
                ),
            ),
            Spot::Fingers => (
                Area::Hands,
                View::Palm,
                words(
                    "fingers of your {side} hand",
                    "fingers of both hands",
                    "fingers of each hand",
                ),
            ),
            Spot::Forearm => (
                Area::Forearms,
                View::Palm,
                words("your {side} forearm", "both forearms", "each forearm"),
            ),
            Spot::BackOfForearm => (
                Area::Forearms,
                View::Back,
                words(
                    "back of your {side} forearm",
                    "backs of both forearms",
                    "back of each forearm",
                ),
            ),
            Spot::BackOfHand => (
                Area::Hands,
                View::BackOfHand,
                words(
                    "back of your {side} hand",
                    "backs of both hands",
                    "back of each hand",
                ),
            ),
            Spot::WebOfHand => (
                Area::Hands,
                View::BackOfHand,
                words(
                    "web of your {side} thumb",
                    "webs of both thumbs",
                    "web of each thumb",
                ),
            ),
            Spot::Sole => (
                Area::Feet,
                View::Sole,
                words("your {side} sole", "both soles", "each sole"),
            ),
            Spot::Heel => (
                Area::Feet,
                View::Sole,
                words("your {side} heel", "both heels", "each heel"),
            ),
            Spot::Toes => (
                Area::Feet,
                View::Sole,
                words(
                    "toes of your {side} foot",
                    "toes of both feet",
                    "toes of each foot",
                ),
            ),
        }
    }
}

impl Area {
    /// The spots that lie in this area, in the order the format documents them.
    pub fn spots(self) -> impl Iterator<Item = Spot> {
        Spot::ALL.iter().copied().filter(move |s| s.area() == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_are_said_from_the_persons_own_point_of_view() {
        let said = |spot: Spot| {
            Side::ALL
                .iter()
                .map(|&side| spot.phrase(side))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            said(Spot::TopOfShoulder),
            [
                "top of your left shoulder",
                "top of your right shoulder",
                "tops of both shoulders",
                "top of each shoulder"
            ]
        );
        assert_eq!(
            said(Spot::BackOfNeck),
            [
                "back of your neck, left side",
                "back of your neck, right side",
                "back of your neck",
                "back of your neck, each side"
            ]
        );
        assert_eq!(Spot::Calf.phrase(Side::Left), "your left calf");
        assert_eq!(Spot::Sole.phrase(Side::Both), "both soles");
        assert_eq!(Spot::Toes.phrase(Side::Right), "toes of your right foot");
    }

    #[test]
    fn every_spot_names_a_side_when_one_side_is_worked() {
        for &spot in Spot::ALL {
            for side in [Side::Left, Side::Right] {
                let phrase = spot.phrase(side);
                assert!(phrase.contains(side.as_str()), "{spot}: {phrase}");
                assert!(!phrase.contains('{'), "{spot}: {phrase}");
            }
            for side in [Side::Both, Side::Each] {
                let phrase = spot.phrase(side);
                assert!(!phrase.contains("left") && !phrase.contains("right"), "{phrase}");
            }
            assert!(spot.phrase(Side::Each).contains("each"), "{spot}");
        }
    }

    #[test]
    fn the_readme_lists_every_spot_with_its_area_and_view() {
        let readme = include_str!("../../README.md");
        for &spot in Spot::ALL {
            let row = format!("| `{spot}` | {} | {} |", spot.area(), spot.view());
            assert!(readme.contains(&row), "the README's spot table lacks {row}");
        }
    }

    #[test]
    fn the_spots_match_the_table_in_the_format() {
        let table: Vec<(&str, &str, &str)> = Spot::ALL
            .iter()
            .map(|s| (s.as_str(), s.area().as_str(), s.view().as_str()))
            .collect();
        assert_eq!(table.len(), 30);
        assert!(table.contains(&("top-of-shoulder", "shoulders", "back")));
        assert!(table.contains(&("ankle", "feet", "front")));
        assert!(table.contains(&("forearm", "forearms", "palm")));
        assert!(table.contains(&("back-of-forearm", "forearms", "back")));
        assert!(table.contains(&("web-of-hand", "hands", "back-of-hand")));
        for &area in Area::ALL {
            assert!(area.spots().next().is_some(), "no spot in {area}");
        }
        assert!(View::ALL.iter().all(|v| Spot::ALL.iter().any(|s| s.view() == *v)));
    }
}
