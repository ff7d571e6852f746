//! The moving figure that shows a stroke's rhythm: circles rotate, gliding travels, kneading
//! alternates, pressing and holding swell with a slow breath, tapping blinks. It is a pure
//! function of the stroke, its tempo and the time into the step, so a frame can be tested and
//! the event loop can sleep until the next frame is due.

use std::time::Duration;

use crate::routine::Stroke;

/// The figure drawn for one moment, and how long until it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub art: String,
    pub caption: &'static str,
    pub next_change: Duration,
}

/// A width every figure fits in, for layout.
pub const WIDTH: usize = 11;

/// One full cycle of the stroke: a breath for presses and holds (slow breathing swells the
/// figure), otherwise one stroke at the step's tempo.
pub fn cycle(stroke: Stroke, tempo: Option<u32>) -> Duration {
    let per_minute = match (stroke, tempo) {
        (Stroke::Pressing | Stroke::Holding, _) => 6,
        (_, Some(t)) => t.max(1),
        (Stroke::Breathing, None) => 6,
        (Stroke::Tapping, None) => 90,
        (_, None) => 30,
    };
    Duration::from_millis(60_000 / u64::from(per_minute))
}

fn frames_per_cycle(stroke: Stroke) -> u32 {
    match stroke {
        Stroke::Circles => 8,
        Stroke::Gliding | Stroke::Stroking => 8,
        Stroke::Kneading | Stroke::Squeezing => 2,
        Stroke::Tapping => 2,
        Stroke::Pressing | Stroke::Holding | Stroke::Breathing | Stroke::Stretching => 8,
    }
}

pub fn frame(stroke: Stroke, tempo: Option<u32>, elapsed: Duration) -> Frame {
    let cycle = cycle(stroke, tempo);
    let frames = frames_per_cycle(stroke);
    let slot = cycle / frames;
    let slot_ms = slot.as_millis().max(1);
    let index = ((elapsed.as_millis() / slot_ms) % u128::from(frames)) as usize;
    let into_slot = Duration::from_millis((elapsed.as_millis() % slot_ms) as u64);
    let next_change = slot.saturating_sub(into_slot).max(Duration::from_millis(1));
    let (art, caption) = draw(stroke, index);
    Frame {
        art,
        caption,
        next_change,
    }
}

fn draw(stroke: Stroke, i: usize) -> (String, &'static str) {
    match stroke {
        Stroke::Circles => {
            // A dot going round a ring of eight places, clockwise from the top.
            const RING: [(usize, usize); 8] =
                [(0, 2), (0, 3), (1, 4), (2, 3), (2, 2), (2, 1), (1, 0), (0, 1)];
            let mut grid = [[' '; 5]; 3];
            for &(r, c) in &RING {
                grid[r][c] = '·';
            }
            let (r, c) = RING[i];
            grid[r][c] = '●';
            let art = grid
                .iter()
                .map(|row| format!("   {}   ", row.iter().collect::<String>()))
                .collect::<Vec<_>>()
                .join("\n");
            (art, "round and round")
        }
        Stroke::Gliding | Stroke::Stroking => {
            let mut track: Vec<char> = "───────────".chars().collect();
            let pos = i * (WIDTH - 1) / 7;
            track[pos] = '●';
            for t in track.iter_mut().take(pos) {
                *t = '━';
            }
            let caption = if stroke == Stroke::Gliding {
                "glide along"
            } else {
                "slow strokes"
            };
            (format!("\n{}\n", track.iter().collect::<String>()), caption)
        }
        Stroke::Kneading => {
            let art = if i == 0 {
                "  ▆▆   ▂▂  \n  ██   ██  "
            } else {
                "  ▂▂   ▆▆  \n  ██   ██  "
            };
            (format!("\n{art}"), "squeeze, roll, release")
        }
        Stroke::Squeezing => {
            let art = if i == 0 { "   )   (   " } else { "    ) (    " };
            (format!("\n{art}\n"), "squeeze and let go")
        }
        Stroke::Tapping => {
            let art = if i == 0 { "     ●     " } else { "     ○     " };
            (format!("\n{art}\n"), "tap, tap")
        }
        Stroke::Pressing | Stroke::Holding | Stroke::Breathing | Stroke::Stretching => {
            // Half the cycle in, half out: the figure grows on the in-breath.
            const SIZES: [usize; 8] = [1, 3, 5, 7, 7, 5, 3, 1];
            let breathing_in = i < 4;
            let size = SIZES[i];
            let (fill, caption) = match stroke {
                Stroke::Pressing => (
                    '▓',
                    if breathing_in {
                        "press, breathe in"
                    } else {
                        "ease, breathe out"
                    },
                ),
                Stroke::Holding => (
                    '▓',
                    if breathing_in {
                        "hold, breathe in"
                    } else {
                        "hold, breathe out"
                    },
                ),
                Stroke::Stretching => ('═', if breathing_in { "lengthen" } else { "release" }),
                _ => ('░', if breathing_in { "breathe in" } else { "breathe out" }),
            };
            let bar: String = std::iter::repeat_n(fill, size * 3 / 2 + 1).collect();
            let pad = (WIDTH.saturating_sub(bar.chars().count())) / 2;
            let line = format!("{}{}", " ".repeat(pad), bar);
            let art = if size >= 5 {
                format!("{line}\n{line}\n{line}")
            } else {
                format!("\n{line}\n")
            };
            (art, caption)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn circles_move_at_the_tempo() {
        // 30 strokes a minute: one circle every 2 s, eight places, 250 ms each.
        let first = frame(Stroke::Circles, Some(30), ms(0));
        let same = frame(Stroke::Circles, Some(30), ms(249));
        let next = frame(Stroke::Circles, Some(30), ms(250));
        let round = frame(Stroke::Circles, Some(30), ms(2000));
        assert_eq!(first.art, same.art);
        assert_ne!(first.art, next.art);
        assert_eq!(first.art, round.art);
        assert_eq!(first.next_change, ms(250));
        assert_eq!(same.next_change, ms(1));
    }

    #[test]
    fn tapping_blinks_and_kneading_alternates() {
        let on = frame(Stroke::Tapping, Some(120), ms(0));
        let off = frame(Stroke::Tapping, Some(120), ms(250));
        assert!(on.art.contains('●') && off.art.contains('○'));
        let a = frame(Stroke::Kneading, Some(30), ms(0));
        let b = frame(Stroke::Kneading, Some(30), ms(1000));
        assert_ne!(a.art, b.art);
    }

    #[test]
    fn holding_swells_with_a_ten_second_breath() {
        assert_eq!(cycle(Stroke::Holding, Some(60)), Duration::from_secs(10));
        let small = frame(Stroke::Holding, None, ms(0));
        let large = frame(Stroke::Holding, None, ms(4000));
        assert!(large.art.matches('▓').count() > small.art.matches('▓').count());
        assert_eq!(small.caption, "hold, breathe in");
        assert_eq!(
            frame(Stroke::Holding, None, ms(6000)).caption,
            "hold, breathe out"
        );
    }

    #[test]
    fn gliding_travels_across() {
        let start = frame(Stroke::Gliding, Some(12), ms(0));
        let later = frame(Stroke::Gliding, Some(12), ms(2500));
        let pos = |f: &Frame| f.art.chars().filter(|c| *c != '\n').position(|c| c == '●');
        assert!(pos(&later) > pos(&start));
    }
}
