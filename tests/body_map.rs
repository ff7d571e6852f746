//! The body figure, rendered into ratatui's `TestBackend`: every view with a spot lit on each
//! side, with colour and without, pinned with snapshots that show both the dots and what each
//! cell is (lit, outline, label) in its style.

use knead::routine::{Area, Side, Spot, View};
use knead::tui::body_map::{BodyMap, Lit};
use knead::tui::theme::{Palette, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// One spot for each view, the one most telling of its side.
const SPOTS: [(View, Spot); 7] = [
    (View::Back, Spot::TopOfShoulder),
    (View::Front, Spot::ChestBelowCollarbone),
    (View::HeadSide, Spot::Temple),
    (View::Face, Spot::Cheek),
    (View::Palm, Spot::ThumbPad),
    (View::BackOfHand, Spot::WebOfHand),
    (View::Sole, Spot::Toes),
];

fn render(lit: Lit, theme: &Theme, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let map = BodyMap { lit, theme };
    terminal.draw(|f| f.render_widget(&map, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

fn spot(spot: Spot, side: Side) -> Lit<'static> {
    Lit::Spot { spot, side }
}

fn is_braille(symbol: &str) -> bool {
    symbol
        .chars()
        .next()
        .is_some_and(|c| ('\u{2801}'..='\u{28FF}').contains(&c))
}

fn dots(symbol: &str) -> u32 {
    symbol.chars().next().map_or(0, |c| {
        if is_braille(symbol) {
            (c as u32 - 0x2800).count_ones()
        } else {
            0
        }
    })
}

/// What a cell is, by its style: `L` lit in the accent colour, `R` lit in reverse (no
/// colour), `o` outline in the dim colour, `.` outline without colour, `a` label in the accent
/// colour, `b` label in bold without colour, `d` the point of view in the dim colour, `p` the
/// point of view without colour, `?` anything else; blank cells stay blank.
fn role(buf: &Buffer, x: u16, y: u16, theme: &Theme) -> char {
    let cell = &buf[(x, y)];
    let symbol = cell.symbol();
    let bold = cell.modifier.contains(Modifier::BOLD);
    let reversed = cell.modifier.contains(Modifier::REVERSED);
    let accent = Some(cell.fg) == theme.accent.fg;
    let dim = Some(cell.fg) == theme.dim.fg;
    let no_colour = cell.fg == Color::Reset;
    match (symbol, is_braille(symbol)) {
        (" ", _) => ' ',
        (_, true) if bold && reversed && no_colour => 'R',
        (_, true) if bold && accent && !reversed => 'L',
        (_, true) if !bold && dim && !no_colour => 'o',
        (_, true) if !bold && no_colour => '.',
        (_, false) if accent && !no_colour => 'a',
        (_, false) if bold && no_colour => 'b',
        (_, false) if dim && !no_colour => 'd',
        (_, false) if !bold && no_colour => 'p',
        _ => '?',
    }
}

/// Each row as it shows, then each cell's role.
fn dump(buf: &Buffer, theme: &Theme) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let shown: String = (0..area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        let roles: String = (0..area.width).map(|x| role(buf, x, y, theme)).collect();
        out.push_str(&format!("{shown} │ {roles}\n"));
    }
    out
}

fn lit_cells(buf: &Buffer) -> Vec<(u16, u16)> {
    let area = buf.area;
    (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let cell = &buf[(x, y)];
            is_braille(cell.symbol()) && cell.modifier.contains(Modifier::BOLD)
        })
        .collect()
}

/// The mean column of the lit cells, against the middle of the drawing.
fn lit_leans_left(buf: &Buffer) -> bool {
    let cells = lit_cells(buf);
    assert!(!cells.is_empty(), "nothing lit:\n{buf:?}");
    let mean = cells.iter().map(|&(x, _)| f64::from(x)).sum::<f64>() / cells.len() as f64;
    mean < f64::from(buf.area.width) / 2.0 - 0.5
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The label: the last line with anything on it.
fn last_line(buf: &Buffer) -> String {
    text(buf)
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[test]
fn every_view_with_a_spot_lit_on_each_side_with_and_without_colour() {
    for (palette, name) in [(Palette::Day, "colour"), (Palette::NoColor, "no_colour")] {
        let theme = Theme::new(palette);
        for (view, spot_key) in SPOTS {
            assert_eq!(spot_key.view(), view);
            let mut shown = String::new();
            for side in [Side::Left, Side::Right, Side::Both] {
                let buf = render(spot(spot_key, side), &theme, 24, 12);
                shown.push_str(&format!("{spot_key}, {side}:\n{}\n", dump(&buf, &theme)));
                assert!(!dump(&buf, &theme).contains('?'), "{}", dump(&buf, &theme));
            }
            insta::assert_snapshot!(format!("body_map_{view}_{name}"), shown);
        }
    }
}

#[test]
fn lit_cells_carry_the_accent_colour_and_the_outline_the_dim_one() {
    for palette in [Palette::Day, Palette::Night] {
        let theme = Theme::new(palette);
        let buf = render(spot(Spot::Calf, Side::Left), &theme, 20, 12);
        let mut roles = String::new();
        for y in 0..12 {
            for x in 0..20 {
                roles.push(role(&buf, x, y, &theme));
            }
        }
        assert!(
            roles.contains('L') && roles.contains('o'),
            "{}",
            dump(&buf, &theme)
        );
        assert!(
            !roles.contains('R') && !roles.contains('?'),
            "{}",
            dump(&buf, &theme)
        );
        for (x, y) in lit_cells(&buf) {
            assert_eq!(Some(buf[(x, y)].fg), theme.accent.fg);
        }
    }
    // The night palette keeps the figure as dim as the rest of its screen.
    let night = Theme::new(Palette::Night);
    let buf = render(spot(Spot::Calf, Side::Left), &night, 20, 12);
    let colours: Vec<Color> = buf
        .content
        .iter()
        .filter(|c| is_braille(c.symbol()))
        .map(|c| c.fg)
        .collect();
    assert!(
        colours
            .iter()
            .all(|c| [night.accent.fg, night.dim.fg].contains(&Some(*c))),
        "{colours:?}"
    );
}

#[test]
fn without_colour_the_spot_is_told_by_its_dots_and_reverse_not_by_colour() {
    let theme = Theme::new(Palette::NoColor);
    for &spot_key in Spot::ALL {
        for side in [Side::Left, Side::Right, Side::Both] {
            let buf = render(spot(spot_key, side), &theme, 24, 12);
            assert!(
                buf.content
                    .iter()
                    .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
            );
            let lit = lit_cells(&buf);
            assert!(!lit.is_empty(), "{spot_key} {side}: nothing lit\n{}", text(&buf));
            for &(x, y) in &lit {
                assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
            }
            // Filled, not outlined: a lit cell holds more dots than an outline cell does.
            let mean = |cells: &[(u16, u16)]| {
                cells
                    .iter()
                    .map(|&(x, y)| f64::from(dots(buf[(x, y)].symbol())))
                    .sum::<f64>()
                    / cells.len() as f64
            };
            let outline: Vec<(u16, u16)> = (0..12)
                .flat_map(|y| (0..24).map(move |x| (x, y)))
                .filter(|&(x, y)| is_braille(buf[(x, y)].symbol()) && !lit.contains(&(x, y)))
                .collect();
            assert!(
                mean(&lit) > mean(&outline),
                "{spot_key} {side}: lit {:.1} dots a cell, outline {:.1}\n{}",
                mean(&lit),
                mean(&outline),
                text(&buf)
            );
        }
    }
}

#[test]
fn every_spot_shows_at_the_size_of_an_80_by_24_screen() {
    let theme = Theme::new(Palette::NoColor);
    for &spot_key in Spot::ALL {
        for side in [Side::Left, Side::Right, Side::Both] {
            let buf = render(spot(spot_key, side), &theme, 14, 10);
            assert!(!lit_cells(&buf).is_empty(), "{spot_key} {side}:\n{}", text(&buf));
        }
    }
}

#[test]
fn your_left_is_on_the_screens_left_in_every_view_of_the_body() {
    let theme = Theme::new(Palette::Day);
    let leans_left = |spot_key, side| lit_leans_left(&render(spot(spot_key, side), &theme, 24, 12));
    // The same left leg: the calf from behind and the thigh as in a mirror, both on the left;
    // so for every whole-body and face spot, and the left profile of the head, which faces
    // left; and the left palm's thumb, which points left.
    for spot_key in [
        Spot::Calf,
        Spot::FrontOfThigh,
        Spot::TopOfShoulder,
        Spot::ChestBelowCollarbone,
        Spot::Ankle,
        Spot::Belly,
        Spot::Cheek,
        Spot::Brow,
        Spot::BesideNose,
        Spot::Temple,
        Spot::ThumbPad,
    ] {
        assert!(leans_left(spot_key, Side::Left), "{spot_key} left");
        assert!(!leans_left(spot_key, Side::Right), "{spot_key} right");
    }
    // The back of your own left hand on a table has its thumb, and so the web of the hand, on
    // the right: the hand itself stands on the left when both are shown.
    assert!(!leans_left(Spot::WebOfHand, Side::Left));
    let both = render(spot(Spot::WebOfHand, Side::Both), &theme, 30, 12);
    assert!(lit_cells(&both).iter().any(|&(x, _)| x < 15));
}

#[test]
fn a_short_label_under_the_figure_says_from_where_it_is_seen() {
    let theme = Theme::new(Palette::Day);
    let shown = |spot_key| text(&render(spot(spot_key, Side::Left), &theme, 30, 16));
    for (spot_key, words) in [
        (Spot::FrontOfThigh, "as in a mirror"),
        (Spot::Cheek, "as in a mirror"),
        (Spot::Calf, "from behind"),
        (Spot::TopOfShoulder, "from behind"),
    ] {
        let text = shown(spot_key);
        assert!(text.contains(words), "{spot_key}: {words}\n{text}");
    }
}

#[test]
fn both_sides_light_both_and_the_label_says_whose_side() {
    let theme = Theme::new(Palette::Day);
    for spot_key in [
        Spot::TopOfShoulder,
        Spot::Cheek,
        Spot::Palm,
        Spot::Sole,
        Spot::Temple,
    ] {
        let buf = render(spot(spot_key, Side::Both), &theme, 30, 12);
        let lit = lit_cells(&buf);
        assert!(
            lit.iter().any(|&(x, _)| x < 15) && lit.iter().any(|&(x, _)| x >= 15),
            "{spot_key}:\n{}",
            text(&buf)
        );
    }
    // Nine rows leave room for the label alone, without the point of view under it.
    let label = |spot_key, side, width| last_line(&render(spot(spot_key, side), &theme, width, 9));
    assert_eq!(label(Spot::TopOfShoulder, Side::Left, 14), "← your left");
    assert_eq!(label(Spot::TopOfShoulder, Side::Right, 14), "your right →");
    assert_eq!(label(Spot::Cheek, Side::Left, 14), "← your left");
    assert_eq!(label(Spot::Cheek, Side::Right, 14), "your right →");
    assert_eq!(
        label(Spot::TopOfShoulder, Side::Left, 30),
        "← top of your left shoulder"
    );
    assert_eq!(label(Spot::Sole, Side::Right, 20), "your right sole");
    assert_eq!(label(Spot::Sole, Side::Both, 20), "both soles");
    assert_eq!(label(Spot::Calf, Side::Both, 12), "both sides");
    assert_eq!(label(Spot::Belly, Side::Both, 20), "your belly");
}

#[test]
fn areas_show_on_the_view_that_holds_them_or_on_both() {
    let theme = Theme::new(Palette::Day);
    let label = |areas: &[Area]| {
        let lit = Lit::Areas {
            areas,
            front_and_back: false,
        };
        let buf = render(lit, &theme, 24, 14);
        assert!(!lit_cells(&buf).is_empty(), "{areas:?}:\n{}", text(&buf));
        last_line(&buf).split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert_eq!(label(&[Area::Neck]), "from behind");
    assert_eq!(label(&[Area::Feet]), "from the front");
    assert_eq!(label(&[Area::Neck, Area::Shoulders, Area::Hands]), "from behind");
    assert_eq!(label(&[Area::Face, Area::Neck]), "front back");
}

#[test]
fn too_small_a_space_draws_nothing() {
    let theme = Theme::new(Palette::Day);
    for (width, height) in [(7, 12), (20, 5)] {
        let buf = render(spot(Spot::Calf, Side::Left), &theme, width, height);
        assert!(text(&buf).trim().is_empty(), "{width}x{height}:\n{}", text(&buf));
    }
}
