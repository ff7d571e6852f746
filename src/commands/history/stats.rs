//! What `knead stats` prints: the figures of the log as tables and a heat map, or as JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::EMPTY_LOG_MESSAGE;
use crate::cli::TableOrJson;
use crate::log::record::format_time;
use crate::log::stats::{Group, HEAT_MAP_CELLS, HEAT_MAP_WEEKS, HeatMap, Stats, Totals, minutes};
use crate::table::Table;

/// ANSI 256-colour foregrounds by level: grey, then greens from dim to bright.
const HEAT_MAP_COLOURS: [u8; 5] = [240, 22, 28, 34, 46];

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
    write_heat_map(&stats.heat_map, color, out)
}

fn days(n: u32) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn group_table(what: &str, groups: &BTreeMap<String, Group>) -> Table {
    let mut table = Table::new([what, "SESSIONS", "MINUTES", "LAST", "TENSION", "RATED"])
        .align_right(&[1, 2, 4, 5])
        .max_width(0, 28);
    let mut sorted: Vec<&Group> = groups.values().collect();
    sorted.sort_by(|a, b| b.sessions.cmp(&a.sessions).then_with(|| a.name.cmp(&b.name)));
    for group in sorted {
        table.row(vec![
            group.name.clone(),
            group.sessions.to_string(),
            minutes(group.seconds).to_string(),
            group.last_day.to_string(),
            group
                .tension_change()
                .map_or(String::new(), crate::log::tension::signed_change),
            match group.rated_sessions {
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
    minutes: u64,
    last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    tension_change: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rated_sessions: Option<u64>,
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

fn group_json<'a>(groups: &'a BTreeMap<String, Group>, with_name: bool) -> BTreeMap<&'a str, GroupJson<'a>> {
    groups
        .iter()
        .map(|(key, g)| {
            let json = GroupJson {
                name: with_name.then_some(g.name.as_str()),
                sessions: g.sessions,
                minutes: minutes(g.seconds),
                last: format_time(&g.last),
                tension_change: g.tension_change().map(|c| (c * 100.0).round() / 100.0),
                rated_sessions: (g.rated_sessions > 0).then_some(g.rated_sessions),
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
        by_area: group_json(&stats.by_area, false),
        by_routine: group_json(&stats.by_routine, true),
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
    let paint = |level: usize, text: &str| {
        if color {
            format!("\x1b[38;5;{}m{text}\x1b[0m", HEAT_MAP_COLOURS[level])
        } else {
            text.to_string()
        }
    };
    let mut months = vec![' '; 4 + 2 * HEAT_MAP_WEEKS];
    let mut free_from = 0;
    for week in 0..HEAT_MAP_WEEKS {
        let monday = map.date(week * 7);
        let new_month = week == 0 || map.date(week * 7 - 7).month() != monday.month();
        let at = 4 + 2 * week;
        let name = monday.format("%b").to_string();
        if new_month && at >= free_from && at + name.len() <= months.len() {
            months.splice(at..at + name.len(), name.chars());
            free_from = at + name.len() + 1;
        }
    }
    writeln!(out, "Last {HEAT_MAP_WEEKS} weeks")?;
    writeln!(out, "{}", months.iter().collect::<String>().trim_end())?;
    for (row, label) in ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        .iter()
        .enumerate()
    {
        let mut line = format!("{label} ");
        for week in 0..HEAT_MAP_WEEKS {
            match map.level(week * 7 + row) {
                Some(level) => {
                    let level = usize::from(level);
                    line.push_str(&paint(level, &HEAT_MAP_CELLS[level].to_string()));
                    line.push(' ');
                }
                None => line.push_str("  "),
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "    {}", legend(map, paint))
}

/// The levels that occur, each with the minutes it stands for.
fn legend(map: &HeatMap, paint: impl Fn(usize, &str) -> String) -> String {
    let cell = |level: usize| paint(level, &HEAT_MAP_CELLS[level].to_string());
    let mut parts = vec![format!("{} none", cell(0))];
    let any = map.days.iter().any(|d| d.sessions > 0);
    for (i, threshold) in map.thresholds.iter().enumerate() {
        if any && (i == 0 || map.thresholds[i - 1] < *threshold) {
            let unit = if parts.len() == 1 { " min" } else { "" };
            parts.push(format!("{} up to {}{unit}", cell(i + 1), minutes(*threshold)));
        }
    }
    if map.max > map.thresholds[2] {
        parts.push(format!("{} more", cell(4)));
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
        assert_eq!(neck["tension_change"], -1.0);
        assert_eq!(neck["rated_sessions"], 1);
        assert!(json["by_area"]["jaw"].get("tension_change").is_none());
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
        let (_dir, log) = log_with(&[record("2026-11-25T08:00:00+01:00", "neck", true), hostile]);
        let text = print(&log, None, TableOrJson::Table);
        assert!(!text.contains('\u{1b}'), "{text:?}");
        // The first line starts with spaces, which a string continuation would eat.
        let (first, rest) = text.split_once('\n').unwrap();
        assert_eq!(first, "              SESSIONS  MINUTES");
        let top = "\
Total                2       20
This week            2       20
Last 30 days         2       20

Completed 2 of 2 sessions.
Streak: 2 days now, longest 2 days.

AREA  SESSIONS  MINUTES  LAST        TENSION  RATED
jaw          1       10  2026-11-24     -3.0      1
neck         1       10  2026-11-25

ROUTINE           SESSIONS  MINUTES  LAST        TENSION  RATED
Jaw\u{FFFD}[31m                 1       10  2026-11-24     -3.0      1
The neck routine         1       10  2026-11-25

Last 12 weeks
";
        assert!(rest.starts_with(top), "{text}");
        assert!(text.ends_with("\n    · none  ░ up to 10 min\n"), "{text}");

        let since = Some(DateArg::On(day("2026-11-25")));
        assert!(print(&log, since, TableOrJson::Table).starts_with("Since 2026-11-25\n\n"));
        let later = Some(DateArg::On(day("2026-12-01")));
        assert_eq!(
            print(&log, later, TableOrJson::Table),
            "No sessions since 2026-12-01; 2 in the log in all.\n"
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
