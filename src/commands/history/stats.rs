//! What `knead stats` prints: the figures of the log as tables and a heat map, or as JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use super::EMPTY_LOG_MESSAGE;
use crate::cli::TableOrJson;
use crate::log::effect::{Effect, MIN_RATED, StartLevel, Verdict};
use crate::log::record::format_time;
use crate::log::stats::{Group, HEAT_MAP_WEEKS, HeatMap, Stats, TOP_LEVEL, Totals, minutes};
use crate::log_words::{WEEKDAYS, days, effect_line, heat_cell, month_header, signed};
use crate::table::Table;
use crate::text::sanitize;
use crate::tui::theme::HEAT_MAP_DAY;

/// Writes `stats` in `format`; `color` paints the heat map (its characters read alone too).
pub fn write(format: TableOrJson, stats: &Stats, color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        TableOrJson::Table => write_table(stats, color, out),
        TableOrJson::Json => write_json(stats, out),
    }
}

fn write_table(stats: &Stats, color: bool, out: &mut dyn Write) -> io::Result<()> {
    if stats.in_log == 0 {
        return writeln!(out, "{EMPTY_LOG_MESSAGE}");
    }
    if let Some(since) = stats.since {
        if stats.total.sessions == 0 {
            return writeln!(
                out,
                "No sessions since {since}; {} in the log in all.",
                stats.in_log
            );
        }
        writeln!(out, "Since {since}\n")?;
    }
    let mut totals = Table::new(["", "SESSIONS", "MINUTES"]).align_right(&[1, 2]);
    for (label, t) in [
        ("Total", stats.total),
        ("This week", stats.this_week),
        ("Last 30 days", stats.last_30_days),
    ] {
        totals.row(vec![
            label.into(),
            t.sessions.to_string(),
            minutes(t.seconds).to_string(),
        ]);
    }
    totals.write(out)?;
    writeln!(
        out,
        "\nCompleted {} of {} sessions.\nStreak: {} now, longest {}.\n",
        stats.completed,
        stats.total.sessions,
        days(stats.current_streak_days),
        days(stats.longest_streak_days)
    )?;
    group_table("AREA", &stats.by_area).write(out)?;
    writeln!(out)?;
    group_table("ROUTINE", &stats.by_routine).write(out)?;
    writeln!(out)?;
    write_effects(stats, out)?;
    write_heat_map(&stats.heat_map, color, out)
}

/// Per rated routine, the whole figure with its spread, how it compares with resting and how
/// the changes ran from each starting level; nothing when no session was rated.
fn write_effects(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let mut rated: Vec<(&String, &Group)> = stats
        .by_routine
        .iter()
        .filter(|(_, g)| g.effect().rated > 0)
        .collect();
    if rated.is_empty() {
        return Ok(());
    }
    rated.sort_by(|a, b| {
        b.1.effect()
            .rated
            .cmp(&a.1.effect().rated)
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    writeln!(
        out,
        "Tension after minus before, as you rated it (self-reported; completed sessions; nothing is claimed under {MIN_RATED} rated):"
    )?;
    for (id, group) in rated {
        let effect = group.effect();
        let Some(line) = effect_line(&effect, stats.versus_rest(id, group)) else {
            continue;
        };
        writeln!(out, "  {}: {line}", sanitize(&group.name))?;
        let by_start: Vec<String> = StartLevel::ALL
            .iter()
            .filter_map(|&level| {
                let e = group.ratings.effect_from(level);
                Some(format!("{} {} ({})", level.range(), signed(e.median?), e.rated))
            })
            .collect();
        writeln!(out, "    starting at {}", by_start.join(" · "))?;
    }
    writeln!(out)
}

fn group_table(what: &str, groups: &BTreeMap<String, Group>) -> Table {
    let mut table = Table::new([
        what,
        "SESSIONS",
        "ENDED EARLY",
        "MINUTES",
        "LAST",
        "TENSION",
        "RATED",
    ])
    .align_right(&[1, 2, 3, 5, 6])
    .max_width(0, 28);
    let mut sorted: Vec<&Group> = groups.values().collect();
    sorted.sort_by(|a, b| b.sessions.cmp(&a.sessions).then_with(|| a.name.cmp(&b.name)));
    for group in sorted {
        table.row(vec![
            group.name.clone(),
            group.sessions.to_string(),
            match group.ended_early {
                0 => String::new(),
                n => n.to_string(),
            },
            minutes(group.seconds).to_string(),
            group.last_day.to_string(),
            group.effect().claimed_median().map_or(String::new(), signed),
            match group.effect().rated {
                0 => String::new(),
                n => n.to_string(),
            },
        ]);
    }
    table
}

#[derive(Serialize)]
struct TotalsJson {
    sessions: u64,
    minutes: u64,
}

impl From<Totals> for TotalsJson {
    fn from(t: Totals) -> Self {
        TotalsJson {
            sessions: t.sessions,
            minutes: minutes(t.seconds),
        }
    }
}

#[derive(Serialize)]
struct GroupJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    sessions: u64,
    /// Of `sessions`, those ended early; the tension figures leave them out.
    ended_early: u64,
    minutes: u64,
    last: String,
    /// Present once a completed session was rated before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    tension: Option<TensionJson>,
}

/// A group's effect figures; changes are after minus before, on the 0-10 scale.
#[derive(Serialize)]
struct EffectJson {
    rated: u64,
    median_change: Option<f64>,
    middle_half: Option<[i8; 2]>,
    dropped_2_or_more: u64,
}

impl From<Effect> for EffectJson {
    fn from(e: Effect) -> Self {
        EffectJson {
            rated: e.rated,
            median_change: e.median,
            middle_half: e.middle_half.map(|(a, b)| [a, b]),
            dropped_2_or_more: e.felt_drops,
        }
    }
}

#[derive(Serialize)]
struct TensionJson {
    #[serde(flatten)]
    all: EffectJson,
    /// `eases`, `raises`, `unclear`, or `too-few` (under 5 rated).
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    more_than_resting: Option<f64>,
    by_starting_level: BTreeMap<&'static str, EffectJson>,
}

#[derive(Serialize)]
struct HeatDayJson {
    date: NaiveDate,
    sessions: u32,
    minutes: u64,
    level: u8,
}

#[derive(Serialize)]
struct HeatMapJson {
    first_day: NaiveDate,
    thresholds_minutes: [u64; 3],
    days: Vec<HeatDayJson>,
}

#[derive(Serialize)]
struct StatsJson<'a> {
    today: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<NaiveDate>,
    sessions: u64,
    completed: u64,
    minutes: u64,
    this_week: TotalsJson,
    last_30_days: TotalsJson,
    current_streak_days: u32,
    longest_streak_days: u32,
    by_area: BTreeMap<&'a str, GroupJson<'a>>,
    by_routine: BTreeMap<&'a str, GroupJson<'a>>,
    heat_map: HeatMapJson,
}

fn group_json<'a>(
    groups: &'a BTreeMap<String, Group>,
    with_name: bool,
    rest_of: impl Fn(&str) -> Option<f64>,
) -> BTreeMap<&'a str, GroupJson<'a>> {
    groups
        .iter()
        .map(|(key, g)| {
            let json = GroupJson {
                name: with_name.then_some(g.name.as_str()),
                sessions: g.sessions,
                ended_early: g.ended_early,
                minutes: minutes(g.seconds),
                last: format_time(&g.last),
                tension: (g.effect().rated > 0).then(|| TensionJson {
                    all: g.effect().into(),
                    verdict: match g.effect().verdict() {
                        Verdict::TooFew => "too-few",
                        Verdict::Eases => "eases",
                        Verdict::Raises => "raises",
                        Verdict::Unclear => "unclear",
                    },
                    more_than_resting: rest_of(key),
                    by_starting_level: StartLevel::ALL
                        .iter()
                        .map(|&level| (level.range(), g.ratings.effect_from(level).into()))
                        .collect(),
                }),
            };
            (key.as_str(), json)
        })
        .collect()
}

fn write_json(stats: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let map = &stats.heat_map;
    let json = StatsJson {
        today: stats.today,
        since: stats.since,
        sessions: stats.total.sessions,
        completed: stats.completed,
        minutes: minutes(stats.total.seconds),
        this_week: stats.this_week.into(),
        last_30_days: stats.last_30_days.into(),
        current_streak_days: stats.current_streak_days,
        longest_streak_days: stats.longest_streak_days,
        by_area: group_json(&stats.by_area, false, |_| None),
        by_routine: group_json(&stats.by_routine, true, |id| {
            stats.by_routine.get(id).and_then(|g| stats.versus_rest(id, g))
        }),
        heat_map: HeatMapJson {
            first_day: map.first_day,
            thresholds_minutes: map.thresholds.map(minutes),
            days: (0..map.days.len())
                .filter_map(|i| {
                    let level = map.level(i)?;
                    Some(HeatDayJson {
                        date: map.date(i),
                        sessions: map.days[i].sessions,
                        minutes: minutes(map.days[i].seconds),
                        level,
                    })
                })
                .collect(),
        },
    };
    super::json::write_pretty(&json, out)
}

/// Writes the map: a row of month names, then Mon..Sun, one cell a day, and a legend.
fn write_heat_map(map: &HeatMap, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let cell = |level: u8| {
        let text = heat_cell(level);
        if color {
            format!("\x1b[38;5;{}m{text}\x1b[0m", HEAT_MAP_DAY[usize::from(level)])
        } else {
            text.to_string()
        }
    };
    writeln!(out, "Last {HEAT_MAP_WEEKS} weeks")?;
    writeln!(out, "{}", month_header(map))?;
    for (label, levels) in WEEKDAYS.iter().zip(map.rows()) {
        let mut line = format!("{label} ");
        for level in levels {
            match level {
                Some(level) => {
                    line.push_str(&cell(level));
                    line.push(' ');
                }
                None => line.push_str("  "),
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "    {}", legend(map, cell))
}

/// The levels that occur, each with the minutes it stands for.
fn legend(map: &HeatMap, cell: impl Fn(u8) -> String) -> String {
    let mut parts = vec![format!("{} none", cell(0))];
    let any = map.days.iter().any(|d| d.sessions > 0);
    if any && map.all_alike() {
        parts.push(format!("{} {} min", cell(TOP_LEVEL), minutes(map.max)));
        return parts.join("  ");
    }
    for (i, threshold) in map.thresholds.iter().enumerate() {
        if any && (i == 0 || map.thresholds[i - 1] < *threshold) {
            let unit = if parts.len() == 1 { " min" } else { "" };
            parts.push(format!(
                "{} up to {}{unit}",
                cell(i as u8 + 1),
                minutes(*threshold)
            ));
        }
    }
    if map.max > map.thresholds[2] {
        parts.push(format!("{} more", cell(TOP_LEVEL)));
    }
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::query::DateArg;
    use crate::log::stats::{StatsBuilder, gather_stats};
    use crate::log::store::{LogFile, LogOrigin};
    use crate::log::testing::{at, heat_map_records, log_with, record};

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// What `knead stats` prints at 20:00 on 2026-11-25 in a +01:00 zone, without colour.
    fn print(log: &LogFile, since: Option<DateArg>, format: TableOrJson) -> String {
        let now = at("2026-11-25T20:00:00+01:00");
        let stats = gather_stats(log, since, &now, |w| panic!("{w}")).unwrap();
        let mut out = Vec::new();
        write(format, &stats, false, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_has_the_documented_keys() {
        let mut rated = record("2026-11-25T08:00:00+01:00", "neck", true);
        rated.tension_before = Some(6);
        rated.tension_after = Some(5);
        let (_dir, log) = log_with(&[rated, record("2026-11-24T08:00:00+01:00", "jaw", false)]);
        let text = print(&log, None, TableOrJson::Json);
        insta::assert_snapshot!("stats_json", text);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["sessions"], 2);
        assert_eq!(json["completed"], 1);
        assert_eq!(json["minutes"], 20);
        let neck = &json["by_routine"]["neck"];
        assert_eq!(neck["name"], "The neck routine");
        assert_eq!(neck["last"], "2026-11-25T08:00:00+01:00");
        assert_eq!(neck["tension"]["median_change"], -1.0);
        assert_eq!(neck["tension"]["rated"], 1);
        assert_eq!(neck["tension"]["verdict"], "too-few");
        assert_eq!(neck["tension"]["by_starting_level"]["5-7"]["rated"], 1);
        assert!(json["by_area"]["jaw"].get("tension").is_none());
        assert_eq!(json["heat_map"]["days"].as_array().unwrap().len(), 7 * 11 + 3);
    }

    #[test]
    fn the_table_reads_plainly() {
        let dir = tempfile::tempdir().unwrap();
        let empty = LogFile::new(dir.path().join("none.jsonl"), LogOrigin::Named);
        assert_eq!(
            print(&empty, None, TableOrJson::Table),
            format!("{EMPTY_LOG_MESSAGE}\n")
        );

        let mut hostile = record("2026-11-24T08:00:00+01:00", "jaw", true);
        hostile.name = "Jaw\u{1b}[31m".into();
        hostile.tension_before = Some(8);
        hostile.tension_after = Some(5);
        // Ended early, rated as if it did wonders: listed, marked, and left out of the figures.
        let mut early = record("2026-11-25T09:00:00+01:00", "neck", false);
        (early.tension_before, early.tension_after) = (Some(9), Some(1));
        let (_dir, log) = log_with(&[record("2026-11-25T08:00:00+01:00", "neck", true), hostile, early]);
        let text = print(&log, None, TableOrJson::Table);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        // The first line starts with spaces, which a string continuation would eat.
        let (first, rest) = text.split_once('\n').unwrap();
        assert_eq!(first, "              SESSIONS  MINUTES");
        let top = "\
Total                3       30
This week            3       30
Last 30 days         3       30

Completed 2 of 3 sessions.
Streak: 2 days now, longest 2 days.

AREA  SESSIONS  ENDED EARLY  MINUTES  LAST        TENSION  RATED
neck         2            1       20  2026-11-25
jaw          1                    10  2026-11-24               1

ROUTINE           SESSIONS  ENDED EARLY  MINUTES  LAST        TENSION  RATED
The neck routine         2            1       20  2026-11-25
Jaw\u{FFFD}[31m                 1                    10  2026-11-24               1

Tension after minus before, as you rated it (self-reported; completed sessions; nothing is claimed under 5 rated):
  Jaw\u{FFFD}[31m: 1 rated: too few to say
    starting at 8-10 -3.0 (1)

Last 12 weeks
";
        assert!(rest.starts_with(top), "{text}");
        // Both days done hold ten minutes: each is as much as the most.
        assert!(text.ends_with("\n    · none  █ 10 min\n"), "{text}");

        let since = Some(DateArg::On(day("2026-11-25")));
        assert!(print(&log, since, TableOrJson::Table).starts_with("Since 2026-11-25\n\n"));
        let later = Some(DateArg::On(day("2026-12-01")));
        assert_eq!(
            print(&log, later, TableOrJson::Table),
            "No sessions since 2026-12-01; 3 in the log in all.\n"
        );
    }

    #[test]
    fn the_heat_map_is_drawn_as_twelve_weeks_readable_without_colour() {
        let now = at("2026-11-25T20:00:00+01:00");
        let mut builder = StatsBuilder::new(&now, None);
        for r in heat_map_records() {
            builder.add(&r);
        }
        let map = builder.finish().heat_map;
        let mut out = Vec::new();
        write_heat_map(&map, false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let expected = "\
Last 12 weeks
    Sep     Oct     Nov
Mon ░ · · · · · · · ░ · ▒ ·
Tue · · · · · · · · · · · ▓
Wed · · · · · · · · · · · █
Thu · · · · · · · · · · ·
Fri · · · · · · · · · · ·
Sat · · · · · · · · · · ·
Sun · · · · · · · · · · ·
    · none  ░ up to 10 min  ▒ up to 20  ▓ up to 40  █ more
";
        assert_eq!(text, expected);
        let mut coloured = Vec::new();
        write_heat_map(&map, true, &mut coloured).unwrap();
        let coloured = String::from_utf8(coloured).unwrap();
        assert!(coloured.contains("\x1b[38;5;46m█\x1b[0m"), "{coloured}");
    }
}
