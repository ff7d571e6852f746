//! The body figure: one view of the body drawn with ratatui's canvas in braille dots, the spot
//! being worked filled in and the rest in outline, with a label from the person's own point of
//! view. The shapes come from `body_outline`; this module only places and draws them.
//!
//! Lit and unlit differ by their dots (a filled patch against a thin line), not by colour
//! alone, so the spot stays clear without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{self, Canvas, Painter, Shape};

use super::body_outline::{self, Figure, Point, Region};
use super::theme::{Palette, Theme};
use crate::routine::{Area, Routine, Side, Spot, Step, View};

/// What the figure lights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lit<'a> {
    /// One spot, on one side or both (`Each` lights both: both get worked).
    Spot { spot: Spot, side: Side },
    /// Body areas, on the body seen from the front or from behind or both: both when
    /// `front_and_back`, else only what the areas need.
    Areas { areas: &'a [Area], front_and_back: bool },
}

pub struct BodyMap<'a> {
    pub lit: Lit<'a>,
    pub theme: &'a Theme,
}

/// Fewer rows than this and the figure no longer reads as a body.
pub const MIN_ROWS: u16 = 6;
/// Narrower than this and not even one figure fits beside its label.
pub const MIN_COLUMNS: u16 = 8;
/// Drawn in fewer rows than this, a whole-body view shows a close-up of the half that holds
/// the spot.
const CLOSE_UP_BELOW: u16 = 16;
/// From this many rows, a spot's figure says from where the body is seen under its label.
const POINT_OF_VIEW_FROM: u16 = 10;

impl<'a> BodyMap<'a> {
    /// The figure for a step: its spot on the side being worked (`side`, or the step's own
    /// side when none is under way yet), or the routine's areas when the step names no spot.
    pub fn for_step(step: &Step, side: Option<Side>, routine: &'a Routine, theme: &'a Theme) -> Self {
        let lit = match step.spot {
            Some(spot) => Lit::Spot {
                spot,
                // An `each` step that has not begun starts on the left.
                side: match side.unwrap_or(step.side) {
                    Side::Each => Side::Left,
                    side => side,
                },
            },
            None => Lit::Areas {
                areas: &routine.areas,
                front_and_back: false,
            },
        };
        BodyMap { lit, theme }
    }

    /// The body areas lit on the body's figure.
    pub fn areas(areas: &'a [Area], theme: &'a Theme) -> Self {
        BodyMap {
            lit: Lit::Areas {
                areas,
                front_and_back: false,
            },
            theme,
        }
    }

    /// How many columns the figure needs to be drawn `rows` tall, label included.
    pub fn columns_for(&self, all_rows: u16) -> u16 {
        let rows = all_rows.saturating_sub(self.label_rows(all_rows)).max(1);
        let placement = self.placement(rows);
        let (width, height) = placement.size();
        let dots_y = f64::from(rows) * 4.0 - 1.0;
        let dots_x = width / height * dots_y + 1.0;
        // A spot's label shortens to "← your left" where its phrase does not fit, and the
        // point of view needs its own width.
        let label = match self.lit {
            Lit::Spot { spot, side } => {
                let label = spot_label(spot, side, 0).0.chars().count();
                let seen = body_outline::seen_from(drawn_on(spot, side).0).len();
                label.max(if self.label_rows(all_rows) > 1 { seen } else { 0 })
            }
            Lit::Areas { .. } => placement.figures.iter().map(|p| p.label.len() + 1).sum(),
        };
        ((dots_x / 2.0).ceil() as u16).max(label as u16).max(MIN_COLUMNS)
    }

    /// Rows under the drawing: the label, then for a spot from where the body is seen ("as
    /// in a mirror") when there is room for both.
    fn label_rows(&self, height: u16) -> u16 {
        match (height, self.lit) {
            (h, _) if h <= MIN_ROWS => 0,
            (h, Lit::Spot { .. }) if h >= POINT_OF_VIEW_FROM => 2,
            _ => 1,
        }
    }

    /// The figures to draw in `rows` rows.
    fn placement(&self, rows: u16) -> Placement {
        match self.lit {
            Lit::Spot { spot, side } => {
                let view = drawn_on(spot, side).0;
                let figure = body_outline::figure(view);
                let place = |copy| Placed {
                    figure,
                    view,
                    copy,
                    label: "",
                };
                let figures = if !figure.per_side {
                    vec![place(Copy::plain())]
                } else {
                    match side {
                        Side::Left => vec![place(Copy::plain())],
                        Side::Right => vec![place(Copy::plain().mirrored())],
                        Side::Both | Side::Each => {
                            let shift = (figure.width + gap(figure)) / 2.0;
                            vec![
                                place(Copy::plain().shifted(-shift)),
                                place(Copy::plain().mirrored().shifted(shift)),
                            ]
                        }
                    }
                };
                // Small, the whole body would leave the spot a dot or two: show the half of it
                // that holds the spot instead.
                let window = match body_outline::close_up(spot) {
                    Some(window) if rows < CLOSE_UP_BELOW => window,
                    _ => (0.0, figure.height),
                };
                Placement { figures, window }
            }
            Lit::Areas {
                areas,
                front_and_back,
            } => {
                // One figure when every area shows on it, the front by choice; else both.
                let shows_all = |view| areas.iter().all(|&a| !body_outline::area(a, view).is_empty());
                let place = |view, shift, label| Placed {
                    figure: body_outline::figure(view),
                    view,
                    copy: Copy::plain().shifted(shift),
                    label,
                };
                let figures = if !front_and_back && shows_all(View::Front) {
                    vec![place(View::Front, 0.0, "from the front")]
                } else if !front_and_back && shows_all(View::Back) {
                    vec![place(View::Back, 0.0, "from behind")]
                } else {
                    let figure = body_outline::figure(View::Front);
                    let shift = (figure.width + gap(figure)) / 2.0;
                    vec![
                        place(View::Front, -shift, "front"),
                        place(View::Back, shift, "back"),
                    ]
                };
                let height = figures.iter().map(|p| p.figure.height).fold(0.0, f64::max);
                Placement {
                    figures,
                    window: (0.0, height),
                }
            }
        }
    }

    /// The filled regions, in the placed figures' units.
    fn lit_polygons(&self, placement: &Placement) -> Vec<Vec<Point>> {
        let mut polygons = Vec::new();
        for placed in &placement.figures {
            let (figure, copy) = (placed.figure, placed.copy);
            match self.lit {
                Lit::Spot { spot, side } => {
                    for polygon in drawn_on(spot, side).1.iter() {
                        if figure.per_side {
                            // Each copy is one side, and every copy shown is being worked.
                            polygons.push(copy.apply(figure, polygon));
                            continue;
                        }
                        if matches!(side, Side::Left | Side::Both | Side::Each) {
                            polygons.push(copy.apply(figure, polygon));
                        }
                        if matches!(side, Side::Right | Side::Both | Side::Each) {
                            polygons.push(copy.mirrored().apply(figure, polygon));
                        }
                    }
                }
                Lit::Areas { areas, .. } => {
                    for &area in areas {
                        for polygon in body_outline::area(area, placed.view).iter() {
                            polygons.push(copy.apply(figure, polygon));
                            polygons.push(copy.mirrored().apply(figure, polygon));
                        }
                    }
                }
            }
        }
        polygons
    }

    /// The words under the figure and where they go, for a drawing `width` columns wide.
    fn label(&self, width: u16, placement: &Placement, frame: &Frame) -> Vec<(String, Alignment, Rect)> {
        match self.lit {
            Lit::Spot { spot, side } => {
                let (text, alignment) = spot_label(spot, side, width);
                vec![(text, alignment, Rect::new(0, 0, width, 1))]
            }
            // Under each figure, its own name.
            Lit::Areas { .. } if placement.figures.len() > 1 => placement
                .figures
                .iter()
                .map(|placed| {
                    let centre = frame.column_of(placed.copy.shift);
                    let half = (placed.label.len() / 2) as u16;
                    let left = centre.saturating_sub(half);
                    let span = Rect::new(
                        left,
                        0,
                        (placed.label.len() as u16).min(width.saturating_sub(left)),
                        1,
                    );
                    (placed.label.to_string(), Alignment::Left, span)
                })
                .collect(),
            Lit::Areas { .. } => placement
                .figures
                .iter()
                .map(|placed| {
                    (
                        placed.label.to_string(),
                        Alignment::Center,
                        Rect::new(0, 0, width, 1),
                    )
                })
                .collect(),
        }
    }

    /// Cells that hold a lit dot: drawn in reverse without colour, so the spot stands out as a
    /// solid patch even where it is small.
    fn lit_cells(&self, polygons: &[Vec<Point>], frame: &Frame, area: Rect) -> Vec<(u16, u16)> {
        let width = usize::from(area.width);
        let mut lit = vec![false; width * usize::from(area.height)];
        for polygon in polygons {
            frame.each_dot_in(polygon, |i, j| {
                if let Some(cell) = lit.get_mut(j / 4 * width + i / 2) {
                    *cell = true;
                }
            });
        }
        lit.iter()
            .enumerate()
            .filter(|(_, lit)| **lit)
            .map(|(n, _)| (area.x + (n % width) as u16, area.y + (n / width) as u16))
            .collect()
    }
}

impl Widget for &BodyMap<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < MIN_ROWS || area.width < MIN_COLUMNS {
            return;
        }
        let label_height = self.label_rows(area.height);
        let room = Rect {
            height: area.height - label_height,
            ..area
        };
        let placement = self.placement(room.height);
        // The drawing takes the rows it needs from the top, its label just under it.
        let drawing = Rect {
            height: Frame::fit(room, &placement)
                .rows_used(placement.size().1)
                .min(room.height),
            ..room
        };
        let frame = Frame::fit(drawing, &placement);
        let outline = colour_of(self.theme.dim);
        let lit = colour_of(self.theme.accent);
        let polygons = self.lit_polygons(&placement);
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds(frame.x_bounds())
            .y_bounds(frame.y_bounds())
            .background_color(self.theme.text.bg.unwrap_or(Color::Reset))
            .paint(|ctx| {
                for placed in &placement.figures {
                    draw_outline(ctx, placed.figure, &placed.copy, outline);
                }
                // One layer: a cell with both outline and fill dots shows all of them, in
                // the lit colour.
                for polygon in &polygons {
                    ctx.draw(&Fill {
                        polygon,
                        frame: &frame,
                        color: lit,
                    });
                }
            })
            .render(drawing, buf);
        let emphasis = match self.theme.palette {
            Palette::NoColor => Modifier::BOLD | Modifier::REVERSED,
            Palette::Day | Palette::Night => Modifier::BOLD,
        };
        for cell in self.lit_cells(&polygons, &frame, drawing) {
            buf[cell].modifier.insert(emphasis);
        }
        if label_height == 0 {
            return;
        }
        let label_row = Rect {
            y: drawing.bottom(),
            height: 1,
            ..area
        };
        for (text, alignment, span) in self.label(label_row.width, &placement, &frame) {
            let span = Rect {
                x: label_row.x + span.x,
                y: label_row.y,
                ..span
            }
            .intersection(label_row);
            let style = match self.lit {
                Lit::Spot { .. } => self.theme.accent,
                Lit::Areas { .. } => self.theme.dim,
            };
            Line::styled(text, style).alignment(alignment).render(span, buf);
        }
        if let (Lit::Spot { spot, side }, 2) = (self.lit, label_height) {
            let below = Rect {
                y: label_row.y + 1,
                ..label_row
            };
            Line::styled(body_outline::seen_from(drawn_on(spot, side).0), self.theme.dim)
                .alignment(Alignment::Center)
                .render(below, buf);
        }
    }
}

/// Draws `map` at the top right of `area` when there is room for it beside text at least
/// `TEXT` columns wide, and returns the part left for the text.
pub fn beside(map: &BodyMap, area: Rect, buf: &mut Buffer) -> Rect {
    const TEXT: u16 = 28;
    const MOST_ROWS: u16 = 16;
    const GAP: u16 = 2;
    // As tall as it can be while it fits beside the text.
    let fits = (MIN_ROWS..=area.height.min(MOST_ROWS))
        .rev()
        .map(|rows| (rows, map.columns_for(rows)))
        .find(|&(_, columns)| TEXT + GAP + columns <= area.width);
    let Some((rows, columns)) = fits else {
        return area;
    };
    let figure = Rect {
        x: area.right() - columns,
        width: columns,
        height: rows,
        ..area
    };
    map.render(figure, buf);
    Rect {
        width: area.width - columns - GAP,
        ..area
    }
}

/// The view a spot is drawn on for a side, and where it lies there: its own view, or for
/// both sides of the head at once (which no profile shows) the face.
fn drawn_on(spot: Spot, side: Side) -> (View, Region) {
    match (side, body_outline::both_sides(spot)) {
        (Side::Both | Side::Each, Some(front)) => front,
        _ => (spot.view(), body_outline::spot(spot)),
    }
}

/// A spot's label: its phrase when it fits, else the side alone. An arrow points to the lit
/// side on views that hold both sides of the body; the person's left is on the screen's left
/// in every view, so the arrow for the left always points left.
fn spot_label(spot: Spot, side: Side, width: u16) -> (String, Alignment) {
    let figure = body_outline::figure(spot.view());
    let phrase = spot.phrase(side);
    let short = match side {
        Side::Left => "your left",
        Side::Right => "your right",
        Side::Both | Side::Each => "both sides",
    };
    let text = if phrase.chars().count() + 2 <= usize::from(width) {
        phrase
    } else {
        short.to_string()
    };
    match side {
        Side::Left if !figure.per_side => (format!("← {text}"), Alignment::Left),
        Side::Right if !figure.per_side => (format!("{text} →"), Alignment::Right),
        _ => (text, Alignment::Center),
    }
}

fn gap(figure: &Figure) -> f64 {
    figure.width * 0.25
}

fn colour_of(style: Style) -> Color {
    style.fg.unwrap_or(Color::Reset)
}

/// The figures to draw side by side, and the band of their height to show (bottom, top).
struct Placement {
    figures: Vec<Placed>,
    window: (f64, f64),
}

/// One figure in the drawing: which, how it is placed, and its name under it.
struct Placed {
    figure: &'static Figure,
    view: View,
    copy: Copy,
    label: &'static str,
}

impl Placement {
    /// The width all the figures take together, gaps included, and the height shown.
    fn size(&self) -> (f64, f64) {
        let gaps: f64 = self.figures.iter().skip(1).map(|p| gap(p.figure)).sum();
        let width = self.figures.iter().map(|p| p.figure.width).sum::<f64>() + gaps;
        (width, self.window.1 - self.window.0)
    }
}

/// How one figure is placed: mirrored or not, then moved sideways.
#[derive(Clone, Copy, Debug)]
struct Copy {
    mirror: bool,
    shift: f64,
}

impl Copy {
    fn plain() -> Self {
        Copy {
            mirror: false,
            shift: 0.0,
        }
    }

    fn mirrored(self) -> Self {
        Copy {
            mirror: !self.mirror,
            ..self
        }
    }

    fn shifted(self, by: f64) -> Self {
        Copy {
            shift: self.shift + by,
            ..self
        }
    }

    fn point(self, figure: &Figure, (x, y): Point) -> Point {
        let x = if self.mirror != figure.flipped { -x } else { x };
        (x + self.shift, y)
    }

    fn apply(self, figure: &Figure, points: &[Point]) -> Vec<Point> {
        points.iter().map(|&p| self.point(figure, p)).collect()
    }
}

/// Where the figures' units fall on the braille grid: square dots, the drawing centred.
#[derive(Clone, Copy, Debug)]
struct Frame {
    left: f64,
    top: f64,
    /// Units per dot, the same across and down (a braille dot is about square).
    step: f64,
    dots_x: f64,
    dots_y: f64,
}

impl Frame {
    fn fit(area: Rect, placement: &Placement) -> Frame {
        let (width, height) = placement.size();
        let dots_x = f64::from(area.width) * 2.0;
        let dots_y = f64::from(area.height) * 4.0;
        let step = (width / (dots_x - 1.0)).max(height / (dots_y - 1.0));
        Frame {
            left: -step * (dots_x - 1.0) / 2.0,
            top: placement.window.0 + height / 2.0 + step * (dots_y - 1.0) / 2.0,
            step,
            dots_x,
            dots_y,
        }
    }

    fn x_bounds(&self) -> [f64; 2] {
        [self.left, self.left + self.step * (self.dots_x - 1.0)]
    }

    fn y_bounds(&self) -> [f64; 2] {
        [self.top - self.step * (self.dots_y - 1.0), self.top]
    }

    /// How many rows of the area a drawing `height` units tall takes.
    fn rows_used(&self, height: f64) -> u16 {
        ((height / self.step + 1.0) / 4.0).ceil() as u16
    }

    /// Calls `dot(i, j)` for every dot (column, row from the top) whose centre lies inside
    /// `polygon`.
    fn each_dot_in(&self, polygon: &[Point], mut dot: impl FnMut(usize, usize)) {
        let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(x, y) in polygon {
            min_x = min_x.min(x);
            max_x = max_x.max(x);
            min_y = min_y.min(y);
            max_y = max_y.max(y);
        }
        let column = |x: f64| ((x - self.left) / self.step).clamp(0.0, self.dots_x - 1.0);
        let row = |y: f64| ((self.top - y) / self.step).clamp(0.0, self.dots_y - 1.0);
        for j in row(max_y).ceil() as usize..=row(min_y).floor() as usize {
            let y = self.top - j as f64 * self.step;
            for i in column(min_x).ceil() as usize..=column(max_x).floor() as usize {
                let x = self.left + i as f64 * self.step;
                if contains(polygon, (x, y)) {
                    dot(i, j);
                }
            }
        }
    }

    /// The column (from the drawing's left edge) that holds `x`.
    fn column_of(&self, x: f64) -> u16 {
        (((x - self.left) / self.step).round() / 2.0).floor().max(0.0) as u16
    }
}

fn draw_outline(ctx: &mut canvas::Context, figure: &Figure, copy: &Copy, color: Color) {
    for path in figure.paths {
        let mut variants = vec![*copy];
        if path.mirrored {
            variants.push(copy.mirrored());
        }
        for variant in variants {
            let points = variant.apply(figure, path.points);
            for pair in points.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                if path.dotted {
                    ctx.draw(&Dotted {
                        from: a,
                        to: b,
                        color,
                    });
                } else {
                    ctx.draw(&canvas::Line::new(a.0, a.1, b.0, b.1, color));
                }
            }
        }
    }
}

/// A lighter line: every other dot of a straight line.
struct Dotted {
    from: Point,
    to: Point,
    color: Color,
}

impl Shape for Dotted {
    fn draw(&self, painter: &mut Painter) {
        let (Some(a), Some(b)) = (
            painter.get_point(self.from.0, self.from.1),
            painter.get_point(self.to.0, self.to.1),
        ) else {
            return;
        };
        let steps = a.0.abs_diff(b.0).max(a.1.abs_diff(b.1));
        for i in (0..=steps).step_by(2) {
            let t = if steps == 0 { 0.0 } else { i as f64 / steps as f64 };
            let x = a.0 as f64 + (b.0 as f64 - a.0 as f64) * t;
            let y = a.1 as f64 + (b.1 as f64 - a.1 as f64) * t;
            painter.paint(x.round() as usize, y.round() as usize, self.color);
        }
    }
}

/// A polygon filled dot by dot: every dot whose centre lies inside it.
struct Fill<'a> {
    polygon: &'a [Point],
    frame: &'a Frame,
    color: Color,
}

impl Shape for Fill<'_> {
    fn draw(&self, painter: &mut Painter) {
        self.frame
            .each_dot_in(self.polygon, |i, j| painter.paint(i, j, self.color));
    }
}

/// Whether `point` lies inside `polygon` (even-odd rule).
fn contains(polygon: &[Point], (x, y): Point) -> bool {
    let mut inside = false;
    let mut j = polygon.len().wrapping_sub(1);
    for (i, &(xi, yi)) in polygon.iter().enumerate() {
        let (xj, yj) = polygon[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}
