//! What each database did with a statement, and how the answers differ.

use std::fmt;

use sqlweave::Value;

use crate::harness::CanonicalRows;

/// What one database did with the statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The database's name (its dialect's): `"SQLite"`, `"PostgreSQL"`, `"MariaDB"` or
    /// `"MySQL"`.
    pub database: &'static str,
    /// The SQL it ran, or `None` when the statement did not render for its dialect.
    pub sql: Option<String>,
    /// The parameters bound to it.
    pub params: Vec<Value>,
    /// The rows as canonical text, or the error: from rendering (a dialect's refusal,
    /// [`sqlweave::Error::Unsupported`]), binding, or the database.
    pub result: Result<CanonicalRows, sqlweave::Error>,
}

/// A statement on which the databases did not all return the same rows: some failed and
/// others did not, the rows differ, or every database failed (then there are no rows to
/// agree on, and [`Disagreement::all_failed`] is `true`).
///
/// Its `Display` names the databases that agree with each other, shows the rows of each
/// group from the first row where they differ (or each error), then the SQL and the
/// parameters each database ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    outcomes: Vec<Outcome>,
}

/// What groups databases: the same rows, or a failure (whatever its message: each
/// database words its errors its own way).
#[derive(PartialEq)]
enum Answer<'a> {
    Rows(&'a CanonicalRows),
    Failed,
}

fn answer(o: &Outcome) -> Answer<'_> {
    match &o.result {
        Ok(rows) => Answer::Rows(rows),
        Err(_) => Answer::Failed,
    }
}

/// Rows shown per group at most.
const SHOWN_ROWS: usize = 8;
/// Parameters shown per database at most.
const SHOWN_PARAMS: usize = 20;

impl Disagreement {
    /// The rows when every outcome has the same rows, else the disagreement.
    pub(crate) fn check(outcomes: Vec<Outcome>) -> Result<CanonicalRows, Disagreement> {
        let agreed = match outcomes.split_first() {
            Some((first, rest)) => {
                first.result.is_ok() && rest.iter().all(|o| o.result == first.result)
            }
            None => true,
        };
        if !agreed {
            return Err(Disagreement { outcomes });
        }
        Ok(outcomes
            .into_iter()
            .next()
            .and_then(|o| o.result.ok())
            .unwrap_or_default())
    }

    /// Each database's outcome, in the order of [`Spaces::conns`](crate::Spaces::conns).
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The outcome on the database named `database`.
    pub fn outcome(&self, database: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.database == database)
    }

    /// The databases grouped by answer: those that returned the same rows together, and
    /// those that failed together; groups in the order of their first database.
    ///
    /// For `7 / 2` on integers: `[["SQLite", "PostgreSQL"], ["MariaDB"]]` (3, and 3.5).
    pub fn groups(&self) -> Vec<Vec<&'static str>> {
        let mut groups: Vec<(Answer<'_>, Vec<&'static str>)> = Vec::new();
        for o in &self.outcomes {
            let a = answer(o);
            match groups.iter_mut().find(|(g, _)| *g == a) {
                Some((_, names)) => names.push(o.database),
                None => groups.push((a, vec![o.database])),
            }
        }
        groups.into_iter().map(|(_, names)| names).collect()
    }

    /// The databases on which the statement failed.
    pub fn failed(&self) -> Vec<&'static str> {
        self.outcomes
            .iter()
            .filter(|o| o.result.is_err())
            .map(|o| o.database)
            .collect()
    }

    /// `true` when the statement failed on every database.
    pub fn all_failed(&self) -> bool {
        self.outcomes.iter().all(|o| o.result.is_err())
    }

    /// The first row index (from 0) at which the row lists that were returned differ.
    fn first_difference(&self) -> usize {
        let lists: Vec<&CanonicalRows> = self
            .outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .collect();
        let longest = lists.iter().map(|l| l.len()).max().unwrap_or(0);
        (0..longest)
            .find(|&i| lists.iter().any(|l| l.get(i) != lists[0].get(i)))
            .unwrap_or(longest)
    }
}

/// `a`, `a and b`, `a, b and c`.
fn names(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "row" } else { "rows" }
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all: Vec<&str> = self.outcomes.iter().map(|o| o.database).collect();
        if self.all_failed() {
            writeln!(f, "the statement failed on {}:", names(&all))?;
        } else {
            writeln!(f, "{} disagree:", names(&all))?;
        }
        let from = self.first_difference().saturating_sub(2);
        for group in self.groups() {
            let first = self.outcome(group[0]).expect("grouped from the outcomes");
            match &first.result {
                Ok(rows) => {
                    let shown = rows.iter().enumerate().skip(from).take(SHOWN_ROWS);
                    let n = rows.len();
                    write!(f, "  {}: {n} {}", names(&group), plural(n))?;
                    if n > 0 && (from > 0 || n > from + SHOWN_ROWS) {
                        let last = n.min(from + SHOWN_ROWS);
                        write!(f, " (rows {} to {last} shown)", (from + 1).min(last))?;
                    }
                    writeln!(f)?;
                    for (i, row) in shown {
                        writeln!(f, "    row {}: {row:?}", i + 1)?;
                    }
                }
                Err(_) => {
                    for name in &group {
                        let o = self.outcome(name).expect("grouped from the outcomes");
                        if let Err(e) = &o.result {
                            writeln!(f, "  {name} failed: {e}")?;
                        }
                    }
                }
            }
        }
        for o in &self.outcomes {
            match &o.sql {
                Some(sql) => {
                    write!(f, "  {} ran: {sql}", o.database)?;
                    if !o.params.is_empty() {
                        let shown = &o.params[..o.params.len().min(SHOWN_PARAMS)];
                        write!(f, "\n      with {shown:?}")?;
                        if o.params.len() > SHOWN_PARAMS {
                            write!(f, " and {} more", o.params.len() - SHOWN_PARAMS)?;
                        }
                    }
                    writeln!(f)?;
                }
                None => writeln!(f, "  {}: the statement did not render", o.database)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Disagreement {}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(database: &'static str, rows: &[&[&str]]) -> Outcome {
        Outcome {
            database,
            sql: Some("SELECT ?".into()),
            params: vec![Value::I64(7)],
            result: Ok(rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect()),
        }
    }

    fn failed(database: &'static str, message: &str) -> Outcome {
        Outcome {
            database,
            sql: Some("SELECT ?".into()),
            params: vec![],
            result: Err(sqlweave::Error::Invalid(message.into())),
        }
    }

    #[test]
    fn equal_rows_agree_and_anything_else_does_not() {
        let rows = [["1", "a"].as_slice()];
        assert_eq!(
            Disagreement::check(vec![ok("SQLite", &rows), ok("PostgreSQL", &rows)]),
            Ok(vec![vec!["1".to_string(), "a".to_string()]])
        );
        let d = Disagreement::check(vec![ok("SQLite", &rows), ok("PostgreSQL", &[])]).unwrap_err();
        assert_eq!(d.groups(), [["SQLite"], ["PostgreSQL"]]);
        assert!(!d.all_failed());
        let d =
            Disagreement::check(vec![failed("SQLite", "x"), failed("MariaDB", "y")]).unwrap_err();
        assert!(d.all_failed());
        assert_eq!(d.groups(), [["SQLite", "MariaDB"]]);
        let text = d.to_string();
        assert!(
            text.starts_with("the statement failed on SQLite and MariaDB:"),
            "{text}"
        );
        assert!(
            text.contains("SQLite failed: invalid statement: x"),
            "{text}"
        );
    }

    #[test]
    fn a_dialect_refusing_the_statement_is_named() {
        let refused = Outcome {
            database: "MariaDB",
            sql: None,
            params: vec![],
            result: Err(sqlweave::Error::Unsupported {
                dialect: "MariaDB",
                feature: "MERGE".into(),
            }),
        };
        let d = Disagreement::check(vec![ok("SQLite", &[&["1"]]), refused]).unwrap_err();
        assert_eq!(d.failed(), ["MariaDB"]);
        let text = d.to_string();
        assert!(
            text.contains("  MariaDB failed: MariaDB does not support MERGE\n"),
            "{text}"
        );
        assert!(
            text.contains("  MariaDB: the statement did not render\n"),
            "{text}"
        );
        assert!(
            text.contains("  SQLite ran: SELECT ?\n      with [I64(7)]\n"),
            "{text}"
        );
    }

    #[test]
    fn the_message_shows_the_rows_from_where_they_differ() {
        let many: Vec<Vec<String>> = (1..=30).map(|i| vec![i.to_string()]).collect();
        let mut other = many.clone();
        other[19] = vec!["x".into()];
        let as_outcome = |database, rows: &Vec<Vec<String>>| Outcome {
            database,
            sql: Some("SELECT n FROM t ORDER BY n".into()),
            params: vec![],
            result: Ok(rows.clone()),
        };
        let d = Disagreement::check(vec![
            as_outcome("SQLite", &many),
            as_outcome("PostgreSQL", &many),
            as_outcome("MariaDB", &other),
        ])
        .unwrap_err();
        let text = d.to_string();
        assert!(
            text.starts_with("SQLite, PostgreSQL and MariaDB disagree:"),
            "{text}"
        );
        assert!(
            text.contains("  SQLite and PostgreSQL: 30 rows (rows 18 to 25 shown)\n"),
            "{text}"
        );
        assert!(text.contains("    row 20: [\"20\"]"), "{text}");
        assert!(text.contains("    row 20: [\"x\"]"), "{text}");
        assert!(!text.contains("row 17:"), "{text}");
        assert!(
            text.contains("  MariaDB ran: SELECT n FROM t ORDER BY n"),
            "{text}"
        );
    }
}
