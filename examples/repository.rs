//! An ORM-style layer, for people who build one: entities mapped to tables with the typed
//! layer, and a generic repository (`get`, `find`, `add`, `save`, `remove`, `count`) that
//! works for any entity on any database — the pattern a small ORM on sqlweave starts from.
//!
//! ```text
//! cargo run --example repository                               # embedded SQLite, no setup
//! cargo run --example repository -- postgres://postgres@127.0.0.1/test
//! cargo run --example repository -- mariadb://root@127.0.0.1:3306/test
//! ```
//!
//! The URL may also come from `DATABASE_URL`. On a server it creates a table named
//! `sw_example_authors` in the database the URL names and drops it at the end.

use std::error::Error;
use std::marker::PhantomData;

use sqlweave::ddl::{ColumnDef, ColumnType, TableDef};
use sqlweave::dml::{Delete, Insert, Update};
use sqlweave::{Column, Executor, Expr, Feature, Result, Row, Select, TypedExpr, table};

// ------------------------------------------------------------------------ the layer

/// A Rust type stored as one row of one table, with an `i64` key the database assigns.
pub trait Entity: Sized {
    /// The table, as `table!` declares it.
    type Table: sqlweave::Table + Into<sqlweave::FromItem> + Copy;
    /// The table's handle.
    fn table() -> Self::Table;
    /// The table's definition (columns, key, constraints), for `CREATE TABLE`.
    fn table_def() -> TableDef;
    /// The key column.
    fn id_column() -> Column<i64>;
    /// The query that reads whole entities (no filter yet).
    fn select() -> Select;
    /// Reads an entity from a row of [`Entity::select`].
    fn from_row(row: &Row) -> Result<Self>;
    /// The entity's key; `None` before it is added.
    fn id(&self) -> Option<i64>;
    /// Sets the key the database assigned.
    fn set_id(&mut self, id: i64);
    /// `INSERT` of the entity's columns, key left out.
    fn insert(&self) -> Insert;
    /// `UPDATE` of the entity's columns (the repository adds the key filter).
    fn update(&self) -> Update;
    /// A condition that finds this entity by a unique column, to read its new key back
    /// where the database has no `INSERT … RETURNING` (MySQL 8).
    fn natural_key(&self) -> Expr;
}

/// Entities of one type on one connection.
pub struct Repository<'c, E> {
    db: &'c mut dyn Executor,
    entity: PhantomData<E>,
}

impl<'c, E: Entity> Repository<'c, E> {
    pub fn new(db: &'c mut dyn Executor) -> Self {
        Repository {
            db,
            entity: PhantomData,
        }
    }

    pub fn create_table(&mut self) -> Result<()> {
        self.db.execute(&E::table_def().drop().if_exists())?;
        self.db.execute(&E::table_def().create()).map(drop)
    }

    pub fn drop_table(&mut self) -> Result<()> {
        self.db.execute(&E::table_def().drop()).map(drop)
    }

    pub fn get(&mut self, id: i64) -> Result<Option<E>> {
        let q = E::select().filter(E::id_column().eq(id));
        self.db
            .fetch_optional(&q)?
            .as_ref()
            .map(E::from_row)
            .transpose()
    }

    pub fn find(&mut self, condition: impl Into<Expr>) -> Result<Vec<E>> {
        let q = E::select().filter(condition).order_by(E::id_column().asc());
        self.db
            .fetch_all(&q)?
            .rows
            .iter()
            .map(E::from_row)
            .collect()
    }

    pub fn count(&mut self) -> Result<i64> {
        let q = Select::new()
            .column(sqlweave::func::count_star())
            .from(E::table());
        self.db.fetch_one(&q)?.get(0)
    }

    /// Inserts the entity and sets its new key: with `RETURNING` where the database has
    /// it, else by reading the row back by its natural key in the same transaction.
    pub fn add(&mut self, entity: &mut E) -> Result<()> {
        let id = if self.db.dialect().supports(Feature::ReturningInsert) {
            let insert = entity.insert().returning([E::id_column()]);
            self.db.fetch_one(&insert)?.get::<i64>(0)?
        } else {
            sqlweave::transaction(&mut *self.db, |tx| {
                tx.execute(&entity.insert())?;
                let q = Select::new()
                    .column(E::id_column())
                    .from(E::table())
                    .filter(entity.natural_key());
                tx.fetch_one(&q)?.get::<i64>(0)
            })?
        };
        entity.set_id(id);
        Ok(())
    }

    /// Writes the entity's columns back; an error if it was never added or is gone.
    pub fn save(&mut self, entity: &E) -> Result<()> {
        let id = entity
            .id()
            .ok_or_else(|| sqlweave::Error::Invalid("save before add".into()))?;
        match self
            .db
            .execute(&entity.update().filter(E::id_column().eq(id)))?
        {
            1 => Ok(()),
            n => Err(sqlweave::Error::Invalid(format!(
                "save matched {n} rows for id {id}"
            ))),
        }
    }

    /// Deletes by key; whether there was such a row.
    pub fn remove(&mut self, id: i64) -> Result<bool> {
        let delete = Delete::from(E::table()).filter(E::id_column().eq(id));
        Ok(self.db.execute(&delete)? == 1)
    }
}

// ------------------------------------------------------------------------ an entity

table! {
    pub struct Authors("sw_example_authors") { id: i64, name: String, email: String, born: Option<i64> }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    id: Option<i64>,
    name: String,
    email: String,
    born: Option<i64>,
}

impl Entity for Author {
    type Table = Authors;
    fn table() -> Authors {
        Authors::new()
    }
    fn table_def() -> TableDef {
        let a = Authors::new();
        Authors::table_def()
            .column(ColumnDef::of(a.id).auto_increment().primary_key())
            .column(ColumnDef::of(a.name).ty(ColumnType::Varchar(80)))
            .column(ColumnDef::of(a.email).ty(ColumnType::Varchar(120)).unique())
    }
    fn id_column() -> Column<i64> {
        Authors::new().id
    }
    fn select() -> Select {
        let a = Authors::new();
        Select::new().cols((a.id, a.name, a.email, a.born)).from(a)
    }
    fn from_row(row: &Row) -> Result<Author> {
        let a = Authors::new();
        Ok(Author {
            id: Some(row.col(a.id)?),
            name: row.col(a.name)?,
            email: row.col(a.email)?,
            born: row.col(a.born)?,
        })
    }
    fn id(&self) -> Option<i64> {
        self.id
    }
    fn set_id(&mut self, id: i64) {
        self.id = Some(id);
    }
    fn insert(&self) -> Insert {
        let a = Authors::new();
        Insert::into(a)
            .columns((a.name, a.email, a.born))
            .values((self.name.as_str(), self.email.as_str(), self.born))
            .into_insert()
    }
    fn update(&self) -> Update {
        let a = Authors::new();
        Update::table(a)
            .set(a.name, self.name.as_str())
            .set(a.email, self.email.as_str())
            .set(a.born, self.born)
    }
    fn natural_key(&self) -> Expr {
        Authors::new().email.eq(self.email.as_str()).into()
    }
}

// ------------------------------------------------------------------------ using it

fn main() -> std::result::Result<(), Box<dyn Error>> {
    let url = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("DATABASE_URL").ok())
        .unwrap_or_else(|| "sqlite::memory:".into());
    let mut db = sqlweave_connect::connect(&url)?;
    println!("database: {}", db.dialect().name());

    let mut authors: Repository<Author> = Repository::new(&mut db);
    authors.create_table()?;

    let mut ada = Author {
        id: None,
        name: "Ada Lovelace".into(),
        email: "ada@example.com".into(),
        born: Some(1815),
    };
    let mut alan = Author {
        id: None,
        name: "Alan Turing".into(),
        email: "alan@example.com".into(),
        born: Some(1912),
    };
    let mut anon = Author {
        id: None,
        name: "Anonymous".into(),
        email: "anon@example.com".into(),
        born: None,
    };
    for a in [&mut ada, &mut alan, &mut anon] {
        authors.add(a)?;
        println!("added {} with id {}", a.name, a.id.unwrap());
    }

    let a = Authors::new();
    let before_1900 = authors.find(a.born.lt(1900_i64))?;
    println!(
        "born before 1900: {:?}",
        before_1900.iter().map(|x| &x.name).collect::<Vec<_>>()
    );
    assert_eq!(before_1900, [ada.clone()]);

    alan.born = Some(1912);
    alan.name = "Alan M. Turing".into();
    authors.save(&alan)?;
    let loaded = authors.get(alan.id.unwrap())?.expect("alan");
    println!("after save: {loaded:?}");
    assert_eq!(loaded, alan);

    // A duplicate e-mail is the database's unique violation, classified the same everywhere.
    let mut copy = Author {
        id: None,
        ..ada.clone()
    };
    let err = authors.add(&mut copy).unwrap_err();
    println!("adding a second ada: {:?}", err.db_kind());
    assert_eq!(err.db_kind(), Some(sqlweave::DbErrorKind::UniqueViolation));

    assert!(authors.remove(anon.id.unwrap())?);
    assert!(!authors.remove(anon.id.unwrap())?);
    println!("count after remove: {}", authors.count()?);
    assert_eq!(authors.count()?, 2);

    authors.drop_table()?;
    Ok(())
}
