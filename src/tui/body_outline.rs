//! The body figure's shapes, as data: an outline for each view of the body, and where each
//! spot and each body area lies on it. Nothing here draws; `body_map` does.
//!
//! Units are the figure's own: x grows to the viewer's right and y upward, x = 0 is the middle
//! of the figure and y = 0 its lowest point. The whole body is 100 tall.
//!
//! Left and right are the person's, and in every view the person's left is on the viewer's
//! left (x < 0), so that left never changes sides of the screen within a session:
//! - `back`: seen from behind.
//! - `front` and `face`: as in a mirror, the person facing themselves.
//! - `head-side`: the side of the head being worked, in profile; the left side faces the
//!   viewer's left. Both sides at once, which no profile shows, are drawn on the face.
//! - `palm`: your own palm as you look at it, fingers up, so the left thumb points to the
//!   viewer's left. Two palms side by side, the left hand on the left.
//! - `back-of-hand`: the back of your own hand as it rests on a table, fingers up, so the left
//!   thumb points to the viewer's right; the left hand on the left.
//! - `sole`: your soles seen from behind, toes up, the left sole on the left with its big toe
//!   on the inside (the viewer's right).
//!
//! A region (a spot, an area) is given for the person's left side; the right side is its
//! mirror image. A spot in the middle of the body (the back of the neck) is given as its left
//! half, so that one side of it can be lit alone.

use crate::routine::{Area, Spot, View};

/// A point in a figure's units.
pub type Point = (f64, f64);

/// A line through points, drawn as it is or also mirrored across x = 0 (the two halves of a
/// symmetric outline), solid or as a lighter dotted trace (the spine, a crease).
pub struct Path {
    pub points: &'static [Point],
    pub mirrored: bool,
    pub dotted: bool,
}

/// One view's drawing.
pub struct Figure {
    /// The box the drawing fills: x from -width/2 to width/2, y from 0 to height.
    pub width: f64,
    pub height: f64,
    pub paths: &'static [Path],
    /// One figure for each side (a hand, a foot, a profile): this one is the left; the right
    /// is its mirror image. Otherwise one figure holds both sides.
    pub per_side: bool,
    /// The drawing (and every region on it) is shown mirrored: the back of the hand is the
    /// palm's outline turned over.
    pub flipped: bool,
}

/// Polygons, filled when lit.
pub type Region = &'static [&'static [Point]];

const fn solid(points: &'static [Point]) -> Path {
    Path {
        points,
        mirrored: false,
        dotted: false,
    }
}

const fn solid_pair(points: &'static [Point]) -> Path {
    Path {
        points,
        mirrored: true,
        dotted: false,
    }
}

const fn dotted(points: &'static [Point]) -> Path {
    Path {
        points,
        mirrored: false,
        dotted: true,
    }
}

const fn dotted_pair(points: &'static [Point]) -> Path {
    Path {
        points,
        mirrored: true,
        dotted: true,
    }
}

pub fn figure(view: View) -> &'static Figure {
    match view {
        View::Front => &FRONT,
        View::Back => &BACK,
        View::HeadSide => &HEAD_SIDE,
        View::Face => &FACE,
        View::Palm => &PALM,
        View::BackOfHand => &BACK_OF_HAND,
        View::Sole => &SOLE,
    }
}

/// From where a view shows the body, in the few words printed under the figure.
pub fn seen_from(view: View) -> &'static str {
    match view {
        View::Front | View::Face => "as in a mirror",
        View::Back | View::Sole => "from behind",
        View::HeadSide => "from the side",
        View::Palm => "as you see your palm",
        View::BackOfHand => "as you see your hand",
    }
}

/// Where a spot lies on its view's figure (`spot.view()`), on the person's left.
pub fn spot(spot: Spot) -> Region {
    match spot {
        Spot::BackOfNeck => BACK_OF_NECK,
        Spot::BaseOfSkull => BASE_OF_SKULL,
        Spot::TopOfShoulder => TOP_OF_SHOULDER,
        Spot::BetweenShoulderBlades => BETWEEN_SHOULDER_BLADES,
        Spot::BesideLowerSpine => BESIDE_LOWER_SPINE,
        Spot::Buttock => BUTTOCK,
        Spot::BackOfThigh => BACK_OF_THIGH,
        Spot::Calf => CALF,
        Spot::ChestBelowCollarbone => CHEST_BELOW_COLLARBONE,
        Spot::Belly => BELLY,
        Spot::FrontOfThigh => FRONT_OF_THIGH,
        Spot::Ankle => ANKLE,
        Spot::Temple => TEMPLE,
        Spot::AboveEar => ABOVE_EAR,
        Spot::JawMuscle => JAW_MUSCLE,
        Spot::Scalp => SCALP,
        Spot::Forehead => FOREHEAD,
        Spot::Brow => BROW_SPOT,
        Spot::Cheek => CHEEK,
        Spot::BesideNose => BESIDE_NOSE,
        Spot::Palm => PALM_SPOT,
        Spot::ThumbPad => THUMB_PAD,
        Spot::Fingers => FINGERS,
        Spot::Forearm => FOREARM,
        // The top of the forearm is what the figure seen from behind shows of the arm.
        Spot::BackOfForearm => BACK_FOREARM,
        Spot::BackOfHand => BACK_OF_HAND_SPOT,
        Spot::WebOfHand => WEB_OF_HAND,
        Spot::Sole => SOLE_SPOT,
        Spot::Heel => HEEL,
        Spot::Toes => TOES,
    }
}

/// The band of the whole body (bottom and top) to show for a spot when the figure is small:
/// from the head down to the hands, for a spot above the thighs. The legs are long enough to
/// show their spots on the whole body.
pub fn close_up(spot: Spot) -> Option<(f64, f64)> {
    if !matches!(spot.view(), View::Front | View::Back) {
        return None;
    }
    let points = self::spot(spot).iter().flat_map(|p| p.iter());
    let (sum, count) = points.fold((0.0, 0.0), |(sum, count), &(_, y)| (sum + y, count + 1.0));
    (sum / count >= 40.0).then_some(UPPER_BODY)
}

const UPPER_BODY: (f64, f64) = (33.0, 100.0);

/// For a spot seen in profile, the face and where the spot lies on it: both sides of the head
/// at once show there.
pub fn both_sides(spot: Spot) -> Option<(View, Region)> {
    let region = match spot {
        Spot::Temple => FACE_TEMPLE,
        Spot::AboveEar => FACE_ABOVE_EAR,
        Spot::JawMuscle => FACE_JAW_MUSCLE,
        Spot::Scalp => FACE_SCALP,
        _ => return None,
    };
    Some((View::Face, region))
}

/// Where a body area lies on the whole-body figures, on the person's left; empty where the
/// area cannot be seen from that side (the chest from behind).
pub fn area(area: Area, view: View) -> Region {
    match (view, area) {
        (View::Back, Area::Neck) => NECK,
        (View::Back, Area::Scalp) => BACK_SCALP,
        (View::Back, Area::Shoulders) => TOP_OF_SHOULDER,
        (View::Back, Area::UpperBack) => UPPER_BACK,
        (View::Back, Area::LowerBack) => LOWER_BACK,
        (View::Back, Area::Hips) => BUTTOCK,
        (View::Back, Area::Thighs) => BACK_OF_THIGH,
        (View::Back, Area::Calves) => CALF,
        (View::Back, Area::Forearms) => BACK_FOREARM,
        (View::Back, Area::Hands) => BACK_HAND,
        (View::Back, Area::Feet) => BACK_FOOT,
        (View::Front, Area::Forehead) => FRONT_FOREHEAD,
        (View::Front, Area::Temples) => FRONT_TEMPLE,
        (View::Front, Area::Face) => FRONT_FACE,
        (View::Front, Area::Jaw) => FRONT_JAW,
        (View::Front, Area::Shoulders) => FRONT_SHOULDER,
        (View::Front, Area::Chest) => CHEST,
        (View::Front, Area::Abdomen) => ABDOMEN,
        (View::Front, Area::Thighs) => FRONT_OF_THIGH,
        (View::Front, Area::Forearms) => FRONT_FOREARM,
        (View::Front, Area::Hands) => FRONT_HAND,
        (View::Front, Area::Feet) => FRONT_FOOT,
        _ => &[],
    }
}

// ------------------------------------------------------------------ the whole body

const HEAD: &[Point] = &[
    (0.0, 99.5), (3.2, 98.6), (5.4, 96.0), (6.0, 92.5), (5.5, 88.8), (3.8, 85.8), (1.6, 84.3),
    (-1.6, 84.3), (-3.8, 85.8), (-5.5, 88.8), (-6.0, 92.5), (-5.4, 96.0), (-3.2, 98.6),
    (0.0, 99.5),
];

const BODY_HALF: &[Point] = &[
    (2.8, 84.8), (3.0, 80.5), (8.0, 79.0), (12.0, 77.6), (14.2, 75.0), (15.6, 70.0), (17.5, 60.0),
    (20.0, 50.0), (21.6, 45.5), (23.2, 43.0), (23.8, 38.5), (22.2, 35.5), (20.6, 37.0),
    (20.2, 41.0), (19.0, 45.0), (16.2, 54.0), (14.0, 62.0), (12.0, 69.0), (11.0, 70.0),
    (10.6, 64.0), (9.6, 57.0), (10.6, 50.0), (11.2, 45.0), (10.8, 38.0), (9.6, 28.0), (9.6, 22.0),
    (8.0, 12.0), (6.6, 5.0), (8.8, 1.6), (8.2, 0.0), (4.2, 0.0), (3.4, 3.0), (3.6, 8.0),
    (3.0, 18.0), (2.2, 28.0), (1.5, 36.0), (0.8, 44.0), (0.0, 46.0),
];

const SPINE: &[Point] = &[(0.0, 80.0), (0.0, 50.0)];
const COLLARBONE: &[Point] = &[(1.5, 78.0), (5.0, 77.2), (9.0, 77.0)];
const NAVEL: &[Point] = &[(0.0, 56.0), (0.0, 55.0)];

const BACK: Figure = Figure {
    width: 48.0,
    height: 100.0,
    paths: &[solid(HEAD), solid_pair(BODY_HALF), dotted(SPINE)],
    per_side: false,
    flipped: false,
};

const FRONT: Figure = Figure {
    width: 48.0,
    height: 100.0,
    paths: &[
        solid(HEAD),
        solid_pair(BODY_HALF),
        dotted_pair(COLLARBONE),
        solid(NAVEL),
    ],
    per_side: false,
    flipped: false,
};

// back view: the person's left is on the viewer's left (x < 0)
const BACK_OF_NECK: Region = &[&[(0.0, 78.5), (-3.6, 78.5), (-3.6, 85.5), (0.0, 85.5)]];
const BASE_OF_SKULL: Region = &[&[
    (0.0, 83.8), (-2.0, 83.8), (-4.6, 85.3), (-6.0, 89.5), (0.0, 89.5),
]];
const TOP_OF_SHOULDER: Region = &[&[
    (-2.6, 81.5), (-8.0, 79.8), (-12.0, 78.4), (-14.8, 75.5), (-14.6, 72.0), (-10.0, 72.0),
    (-5.0, 74.0), (-2.6, 75.5),
]];
const BETWEEN_SHOULDER_BLADES: Region = &[&[
    (-0.6, 75.0), (-5.6, 75.0), (-5.6, 61.0), (-0.6, 61.0),
]];
const BESIDE_LOWER_SPINE: Region = &[&[(-0.6, 59.0), (-5.6, 59.0), (-5.6, 47.5), (-0.6, 47.5)]];
const BUTTOCK: Region = &[&[
    (-0.5, 48.5), (-10.4, 48.5), (-11.2, 45.0), (-10.9, 40.5), (-8.0, 38.5), (-3.0, 38.8),
    (-1.0, 41.0), (-0.3, 45.0),
]];
const BACK_OF_THIGH: Region = &[&[(-10.7, 37.0), (-9.6, 28.5), (-2.2, 28.5), (-1.5, 36.5)]];
const CALF: Region = &[&[(-9.6, 23.0), (-8.0, 12.0), (-3.5, 10.0), (-3.0, 18.0), (-2.6, 23.0)]];

// front view, as in a mirror: the person's left is on the viewer's left (x < 0)
const CHEST_BELOW_COLLARBONE: Region = &[&[(-1.0, 77.0), (-9.5, 76.5), (-10.8, 70.0), (-1.0, 69.5)]];
const BELLY: Region = &[&[(0.0, 63.0), (-7.5, 63.0), (-7.5, 50.5), (0.0, 48.5)]];
const FRONT_OF_THIGH: Region = &[&[(-10.7, 39.5), (-9.6, 29.0), (-2.2, 29.0), (-1.4, 37.0)]];
const ANKLE: Region = &[&[(-7.4, 9.0), (-7.0, 2.0), (-3.0, 2.0), (-3.4, 9.0)]];

// ------------------------------------------------------------------ the head from the side

const PROFILE: &[Point] = &[
    (5.0, 0.0), (5.2, 4.0), (6.5, 7.0), (9.0, 9.5), (11.3, 13.0), (12.2, 17.5), (11.8, 22.0),
    (10.0, 26.0), (7.0, 29.2), (3.0, 31.2), (-1.5, 31.5), (-5.5, 30.2), (-8.2, 27.5), (-9.6, 24.0),
    (-10.0, 20.5), (-9.2, 19.0), (-10.0, 17.5), (-14.0, 13.5), (-13.4, 12.5), (-10.8, 12.3),
    (-11.3, 11.0), (-10.5, 10.0), (-11.1, 9.0), (-10.2, 7.6), (-11.0, 5.8), (-10.3, 4.3),
    (-8.5, 3.8), (-5.0, 3.5), (-4.0, 2.0), (-3.6, 0.0),
];
const EAR: &[Point] = &[
    (2.0, 17.0), (4.0, 17.5), (5.0, 15.5), (4.8, 12.5), (3.8, 10.5), (2.4, 10.2),
];
const JAW_LINE: &[Point] = &[(-8.5, 4.4), (0.5, 6.5), (1.8, 9.5)];
const EYE: &[Point] = &[(-8.0, 18.5), (-6.5, 18.5)];

const HEAD_SIDE: Figure = Figure {
    width: 26.0,
    height: 32.0,
    paths: &[solid(PROFILE), solid(EAR), dotted(JAW_LINE), solid(EYE)],
    per_side: true,
    flipped: false,
};

const TEMPLE: Region = &[&[(-6.5, 17.0), (-2.0, 17.0), (-1.5, 22.0), (-6.0, 22.5)]];
const ABOVE_EAR: Region = &[&[(0.5, 18.2), (6.0, 18.2), (6.0, 21.5), (0.5, 21.5)]];
const JAW_MUSCLE: Region = &[&[(-3.0, 7.0), (1.0, 7.5), (1.6, 12.0), (-3.0, 12.0)]];
const SCALP: Region = &[&[
    (-8.0, 28.5), (-5.0, 31.0), (-1.0, 32.0), (3.0, 31.8), (7.0, 30.0), (10.0, 27.0), (11.8, 23.0),
    (8.8, 22.5), (7.2, 26.0), (4.5, 28.4), (0.5, 29.2), (-4.0, 28.6), (-6.5, 26.5),
]];

// ------------------------------------------------------------------ the face

const FACE_HALF: &[Point] = &[
    (0.0, 30.0), (5.0, 29.2), (8.5, 26.5), (10.2, 22.0), (10.5, 17.0), (10.3, 16.0), (11.8, 16.5),
    (12.2, 14.0), (11.5, 11.0), (10.2, 10.5), (9.5, 8.0), (7.5, 4.0), (4.5, 1.2), (0.0, 0.0),
];
const BROW: &[Point] = &[(2.0, 18.6), (4.8, 19.4), (7.8, 18.6)];
const EYE_FRONT: &[Point] = &[(3.0, 16.0), (6.8, 16.0)];
const NOSE: &[Point] = &[(1.0, 15.0), (1.6, 10.5), (0.0, 9.8)];
const MOUTH: &[Point] = &[(0.0, 5.6), (3.2, 5.8)];

const FACE: Figure = Figure {
    width: 25.0,
    height: 30.0,
    paths: &[
        solid_pair(FACE_HALF),
        solid_pair(BROW),
        solid_pair(EYE_FRONT),
        solid_pair(NOSE),
        solid_pair(MOUTH),
    ],
    per_side: false,
    flipped: false,
};

// the face, as in a mirror: the person's left is on the viewer's left (x < 0)
const FOREHEAD: Region = &[&[(0.0, 21.0), (-8.8, 21.0), (-7.5, 26.5), (0.0, 27.5)]];
const BROW_SPOT: Region = &[&[(-1.8, 17.8), (-8.4, 17.8), (-8.4, 20.3), (-1.8, 20.3)]];
const CHEEK: Region = &[&[(-4.0, 7.0), (-8.8, 8.0), (-9.3, 12.5), (-4.0, 12.5)]];
const BESIDE_NOSE: Region = &[&[(-1.8, 9.5), (-3.6, 9.5), (-3.6, 14.5), (-1.8, 14.5)]];

// the head's sides, from the front, for both sides at once
const FACE_TEMPLE: Region = &[&[(-8.0, 16.8), (-10.4, 16.8), (-10.2, 21.5), (-8.0, 21.0)]];
const FACE_ABOVE_EAR: Region = &[&[(-9.2, 16.8), (-10.9, 16.8), (-10.7, 20.0), (-9.2, 20.0)]];
const FACE_JAW_MUSCLE: Region = &[&[(-8.0, 6.5), (-9.6, 8.2), (-10.2, 11.0), (-8.4, 11.5), (-7.4, 9.0)]];
const FACE_SCALP: Region = &[&[(0.0, 30.0), (-5.0, 29.2), (-8.5, 26.5), (-9.6, 24.0), (-7.6, 24.5), (-4.5, 26.6), (0.0, 27.2)]];

// ------------------------------------------------------------------ the hand

const HAND: &[Point] = &[
    (-5.8, 0.0), (-5.5, 14.0), (-7.0, 17.0), (-10.0, 21.0), (-13.0, 25.0), (-14.5, 28.0),
    (-14.0, 30.0), (-12.5, 30.3), (-11.0, 28.5), (-8.5, 26.0), (-7.2, 29.0), (-8.0, 39.5),
    (-7.0, 41.2), (-5.6, 40.5), (-4.6, 29.5), (-3.8, 30.0), (-3.8, 43.0), (-2.5, 44.6),
    (-1.2, 43.0), (-1.0, 30.0), (-0.2, 30.0), (0.6, 41.5), (1.9, 42.8), (3.1, 41.2), (2.6, 29.8),
    (3.4, 29.5), (4.8, 37.2), (5.9, 38.2), (7.0, 37.0), (6.3, 28.5), (6.8, 23.0), (6.0, 17.0),
    (5.2, 14.0), (5.4, 0.0),
];
const THUMB_CREASE: &[Point] = &[(-6.5, 27.5), (-5.6, 22.0), (-3.5, 16.0)];
const KNUCKLES: &[Point] = &[(-6.6, 29.8), (6.0, 29.0)];

const PALM: Figure = Figure {
    width: 30.0,
    height: 45.0,
    paths: &[solid(HAND), dotted(THUMB_CREASE)],
    per_side: true,
    flipped: false,
};

const BACK_OF_HAND: Figure = Figure {
    width: 30.0,
    height: 45.0,
    paths: &[solid(HAND), dotted(KNUCKLES)],
    per_side: true,
    flipped: true,
};

const PALM_SPOT: Region = &[&[(-4.0, 18.5), (5.2, 18.0), (5.8, 27.5), (-4.5, 28.0)]];
const THUMB_PAD: Region = &[&[
    (-5.6, 15.0), (-7.4, 17.5), (-10.5, 21.6), (-8.5, 25.5), (-6.0, 26.5), (-4.5, 21.0),
]];
const FINGERS: Region = &[
    &[(-7.2, 29.0), (-8.0, 39.5), (-7.0, 41.2), (-5.6, 40.5), (-4.6, 29.5)],
    &[(-3.8, 30.0), (-3.8, 43.0), (-2.5, 44.6), (-1.2, 43.0), (-1.0, 30.0)],
    &[(-0.2, 30.0), (0.6, 41.5), (1.9, 42.8), (3.1, 41.2), (2.6, 29.8)],
    &[(3.4, 29.5), (4.8, 37.2), (5.9, 38.2), (7.0, 37.0), (6.3, 28.5)],
];
const FOREARM: Region = &[&[(-5.8, 0.5), (5.4, 0.5), (5.2, 13.5), (-5.5, 13.5)]];
const BACK_OF_HAND_SPOT: Region = &[&[(-4.6, 16.0), (5.4, 16.0), (5.8, 27.5), (-4.6, 28.0)]];
const WEB_OF_HAND: Region = &[&[
    (-6.6, 24.0), (-8.0, 24.5), (-11.6, 28.0), (-9.8, 30.4), (-6.8, 30.0),
]];

// ------------------------------------------------------------------ the sole

const SOLE_OUTLINE: &[Point] = &[
    (0.0, 0.0), (2.6, 0.5), (3.9, 2.6), (4.1, 6.0), (3.5, 11.0), (3.2, 15.0), (3.8, 19.0),
    (5.0, 23.0), (5.9, 26.5), (6.1, 28.5), (6.0, 29.5), (4.5, 30.8), (2.5, 31.3), (0.5, 31.4),
    (-1.5, 31.0), (-3.5, 30.3), (-5.5, 29.2), (-6.8, 27.8), (-6.9, 27.5), (-6.6, 22.0),
    (-5.6, 14.0), (-4.8, 7.0), (-4.3, 3.0), (-2.6, 0.5), (0.0, 0.0),
];
const TOE_1: &[Point] = &[
    (6.0, 34.2), (5.7, 35.6), (5.0, 36.5), (4.0, 36.9), (3.0, 36.5), (2.3, 35.6), (2.0, 34.2),
    (2.3, 32.9), (3.0, 31.9), (4.0, 31.5), (5.0, 31.9), (5.7, 32.9), (6.0, 34.2),
];
const TOE_2: &[Point] = &[
    (2.0, 34.4), (1.8, 35.3), (1.4, 36.0), (0.7, 36.2), (0.1, 36.0), (-0.4, 35.3), (-0.6, 34.4),
    (-0.4, 33.5), (0.0, 32.8), (0.7, 32.6), (1.4, 32.8), (1.8, 33.5), (2.0, 34.4),
];
const TOE_3: &[Point] = &[
    (-0.6, 33.6), (-0.8, 34.4), (-1.2, 35.0), (-1.8, 35.2), (-2.4, 35.0), (-2.8, 34.4),
    (-3.0, 33.6), (-2.8, 32.8), (-2.4, 32.2), (-1.8, 32.0), (-1.2, 32.2), (-0.8, 32.8),
    (-0.6, 33.6),
];
const TOE_4: &[Point] = &[
    (-2.9, 32.4), (-3.0, 33.1), (-3.4, 33.6), (-4.0, 33.8), (-4.5, 33.6), (-5.0, 33.1),
    (-5.1, 32.4), (-5.0, 31.7), (-4.6, 31.2), (-4.0, 31.0), (-3.4, 31.2), (-3.0, 31.7),
    (-2.9, 32.4),
];
const TOE_5: &[Point] = &[
    (-4.9, 30.7), (-5.0, 31.3), (-5.4, 31.7), (-5.9, 31.8), (-6.4, 31.7), (-6.8, 31.3),
    (-6.9, 30.7), (-6.8, 30.1), (-6.4, 29.7), (-5.9, 29.6), (-5.4, 29.7), (-5.0, 30.1),
    (-4.9, 30.7),
];

const SOLE: Figure = Figure {
    width: 15.0,
    height: 37.0,
    paths: &[
        solid(SOLE_OUTLINE),
        solid(TOE_1),
        solid(TOE_2),
        solid(TOE_3),
        solid(TOE_4),
        solid(TOE_5),
    ],
    per_side: true,
    flipped: false,
};

const SOLE_SPOT: Region = &[&[
    (-5.4, 11.0), (3.4, 11.0), (3.6, 19.0), (4.8, 23.5), (5.4, 27.5), (3.0, 29.2), (-2.0, 29.0),
    (-6.2, 27.0), (-6.0, 20.0),
]];
const HEEL: Region = &[&[(-3.8, 0.8), (3.4, 0.8), (3.9, 6.5), (-4.4, 6.5)]];
const TOES: Region = &[TOE_1, TOE_2, TOE_3, TOE_4, TOE_5];

// ------------------------------------------------------------------ body areas

// the back: the person's left is on the viewer's left (x < 0)
const NECK: Region = &[BACK_OF_NECK[0], BASE_OF_SKULL[0]];
const BACK_SCALP: Region = &[&[(0.0, 99.3), (-3.1, 98.4), (-5.2, 96.0), (-5.8, 93.0), (0.0, 93.0)]];
const UPPER_BACK: Region = &[&[
    (0.0, 77.0), (-3.0, 77.0), (-6.0, 75.5), (-11.0, 74.0), (-10.6, 64.0), (-10.3, 61.0),
    (0.0, 61.0),
]];
const LOWER_BACK: Region = &[&[
    (0.0, 60.5), (-10.2, 60.5), (-9.6, 57.0), (-10.4, 50.0), (0.0, 50.0),
]];
const BACK_FOREARM: Region = &[&[
    (-17.5, 60.0), (-20.0, 50.0), (-21.6, 45.5), (-19.0, 45.0), (-16.2, 54.0), (-14.0, 62.0),
]];
const BACK_HAND: Region = &[&[
    (-21.6, 45.5), (-23.2, 43.0), (-23.8, 38.5), (-22.2, 35.5), (-20.6, 37.0), (-20.2, 41.0),
    (-19.0, 45.0),
]];
const BACK_FOOT: Region = &[&[
    (-6.8, 5.5), (-8.8, 1.6), (-8.2, 0.0), (-4.2, 0.0), (-3.4, 3.0), (-3.5, 5.5),
]];

// the front, as in a mirror: the person's left is on the viewer's left (x < 0)
const FRONT_FOREHEAD: Region = &[&[(0.0, 99.3), (-3.1, 98.4), (-5.0, 96.2), (0.0, 96.2)]];
const FRONT_TEMPLE: Region = &[&[(-4.2, 96.5), (-6.0, 94.0), (-6.0, 91.0), (-4.2, 91.0)]];
const FRONT_FACE: Region = &[&[(0.0, 95.5), (-4.0, 95.5), (-4.0, 88.0), (0.0, 87.0)]];
const FRONT_JAW: Region = &[&[
    (-5.6, 89.5), (-3.8, 85.8), (-1.6, 84.3), (0.0, 84.3), (0.0, 86.0), (-4.2, 89.5),
]];
const FRONT_SHOULDER: Region = &[&[
    (-3.0, 80.6), (-8.0, 79.1), (-12.0, 77.7), (-14.2, 75.0), (-11.0, 74.0), (-6.0, 75.5), (-3.0, 77.0),
]];
const CHEST: Region = &[&[(0.0, 77.5), (-8.0, 77.3), (-11.0, 74.0), (-10.7, 67.0), (0.0, 67.0)]];
const ABDOMEN: Region = &[&[(0.0, 66.5), (-10.6, 66.5), (-9.7, 57.0), (-10.5, 50.0), (0.0, 47.0)]];
const FRONT_FOREARM: Region = &[&[
    (-17.5, 60.0), (-20.0, 50.0), (-21.6, 45.5), (-19.0, 45.0), (-16.2, 54.0), (-14.0, 62.0),
]];
const FRONT_HAND: Region = &[&[
    (-21.6, 45.5), (-23.2, 43.0), (-23.8, 38.5), (-22.2, 35.5), (-20.6, 37.0), (-20.2, 41.0),
    (-19.0, 45.0),
]];
const FRONT_FOOT: Region = &[&[
    (-6.8, 5.5), (-8.8, 1.6), (-8.2, 0.0), (-4.2, 0.0), (-3.4, 3.0), (-3.5, 5.5),
]];
