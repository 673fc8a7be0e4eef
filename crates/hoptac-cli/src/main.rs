//! The `hoptac` command: serve the application, migrate a database, manage accounts, load demo data
//! and measure a running server.

mod bench;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use hoptac_core::clock::Clock;
use hoptac_core::mail::MailSettings;
use hoptac_core::{users, Db, StoreError};
use hoptac_registry::store::demo;
use hoptac_reports::domain::ReportQuery;
use hoptac_reports::export::{ExportError, ExportFormat};
use hoptac_web::{AppState, Settings};
use std::io::BufRead;
use std::path::PathBuf;

/// hoptac: the information system of Vietnam's collective economy.
#[derive(Parser)]
#[command(name = "hoptac", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web application and the JSON API.
    Serve(ServeArgs),
    /// Apply database migrations and load the administrative units, then exit.
    Migrate(DbArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Load generated data into an empty database.
    Demo(DemoArgs),
    /// Measure a running server: request latency of list, filter and search pages.
    Bench(bench::BenchArgs),
    /// The OCOP programme's chores.
    #[command(subcommand)]
    Ocop(OcopCommand),
    /// Write a place's report for a period to a workbook, a CSV file or a PDF.
    Report(ReportArgs),
    /// Write a consistent copy of the database while hoptac runs (SQLite: a database file;
    /// PostgreSQL: a pg_dump archive).
    Backup(BackupArgs),
    /// Load a backup into an empty database, then bring it up to this version.
    Restore(RestoreArgs),
    /// Import a province's registry workbook (XLSX, XLS, ODS or CSV): says how it was read and what
    /// saving would do, then saves it in one transaction (nothing with `--dry-run`).
    Import(ImportArgs),
    /// Write the registry's organisations (with a year's figures) or its members to a workbook or
    /// a CSV file, in the columns `import` reads back.
    Export(ExportArgs),
}

#[derive(Args)]
struct ExportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// What to write.
    #[arg(value_enum)]
    kind: ExportKind,
    /// A 2025 province; unset, the whole country.
    #[arg(long)]
    province: Option<String>,
    /// The year of the organisations' figures; last year by default.
    #[arg(long)]
    year: Option<String>,
    /// `xlsx` or `csv`; unset, the extension of `--out` says, else `xlsx`.
    #[arg(long)]
    format: Option<String>,
    /// The file to write.
    #[arg(long)]
    out: PathBuf,
}

/// What an export writes, in the columns `import` reads back.
#[derive(Clone, Copy, ValueEnum)]
enum ExportKind {
    /// Organisations with a year's figures.
    Organisations,
    /// Members of the organisations.
    Members,
}

/// What a workbook holds.
#[derive(Clone, Copy, ValueEnum)]
enum ImportKind {
    /// Organisations with their year's figures and the statuses in their notes.
    Organisations,
    /// Members of the province's organisations (a cooperative's list, or many cooperatives').
    Members,
    /// OCOP products with their certificates (stars, decision, expiry).
    OcopProducts,
    /// A table of report indicators: the year's plan and what was achieved.
    ReportFigures,
}

impl ImportKind {
    fn as_str(self) -> &'static str {
        match self {
            ImportKind::Organisations => hoptac_import::sheets::SheetKind::Organisations.as_str(),
            ImportKind::Members => hoptac_import::sheets::SheetKind::Members.as_str(),
            ImportKind::OcopProducts => hoptac_import::sheets::SheetKind::OcopProducts.as_str(),
            ImportKind::ReportFigures => hoptac_import::sheets::SheetKind::ReportFigures.as_str(),
        }
    }
}

#[derive(Args)]
struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The workbook.
    file: PathBuf,
    #[arg(long, value_enum, default_value = "organisations")]
    kind: ImportKind,
    /// The 2025 province whose communes (of both eras) the rows are looked up in: `19` for Thái
    /// Nguyên, which the former Bắc Kạn became part of.
    #[arg(long)]
    province: String,
    /// The sheet to read; unset, the one sheet of the kind whose headings are known.
    #[arg(long)]
    sheet: Option<String>,
    /// A template kept on the import pages, by name: the columns are read its way.
    #[arg(long)]
    template: Option<String>,
    /// Say what would be done, and save nothing.
    #[arg(long)]
    dry_run: bool,
    /// Save the valid rows and leave the refused ones out; otherwise a refused row saves nothing.
    #[arg(long)]
    valid_rows_only: bool,
    /// The language of the messages.
    #[arg(long, value_enum, default_value = "vi")]
    lang: Language,
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The file to write; it must not exist yet.
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The backup to load, as `hoptac backup` wrote it.
    file: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Xlsx,
    Csv,
    Pdf,
}

#[derive(Args)]
struct ReportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// `country`, `province-19` (a province since 1 July 2025), `province-2008-06` (one before),
    /// `commune-08794`.
    #[arg(long)]
    place: String,
    /// `2024`, `2024-H1`, `2024-Q3`, `2024-05` or a run of days `2024-01-01..2024-05-15`.
    #[arg(long)]
    period: String,
    /// A day within the period to report as of (the day of a meeting): `2024-06-15` or
    /// `15/06/2024`.
    #[arg(long)]
    as_of: Option<String>,
    /// The report template to write it in: `so-ket-6-thang` (first half of a year),
    /// `tong-ket-nam` (a year) or a saved template's code.
    #[arg(long)]
    template: Option<String>,
    #[arg(long, value_enum, default_value = "xlsx")]
    format: ReportFormat,
    /// The file to write; unset, the report's own name in the current folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The language of headings and messages.
    #[arg(long, value_enum, default_value = "vi")]
    lang: Language,
}

/// The languages of hoptac, as the command line takes them.
#[derive(Clone, Copy, ValueEnum)]
enum Language {
    Vi,
    En,
}

impl From<Language> for hoptac_core::Lang {
    fn from(language: Language) -> Self {
        match language {
            Language::Vi => hoptac_core::Lang::Vi,
            Language::En => hoptac_core::Lang::En,
        }
    }
}

/// A refusal of the store as a sentence: the messages of the fields that failed, in `lang`.
fn refusal(error: StoreError, lang: hoptac_core::Lang) -> anyhow::Error {
    match error {
        StoreError::Validation(errors) | StoreError::Conflict(errors) => {
            anyhow::anyhow!("{}", hoptac_core::i18n::errors_message(&errors, lang))
        }
        other => anyhow::anyhow!("{other}"),
    }
}

#[derive(Subcommand)]
enum OcopCommand {
    /// Write the notices of certificates entering their last 30 days and e-mail them where an
    /// SMTP server is set; the server does this every hour by itself.
    Notify {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
}

/// Where e-mail goes out; without an SMTP address notices are only shown in the application.
#[derive(Args, Clone)]
struct MailArgs {
    /// `smtp://host:25`, `smtp://user:password@host:587?tls=required` or `smtps://host:465`.
    #[arg(long, env = "HOPTAC_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of hoptac's e-mail.
    #[arg(long, env = "HOPTAC_MAIL_FROM", default_value = "hoptac <noreply@localhost>")]
    mail_from: String,
    /// The address people reach the site at, printed in certificates' QR codes and in e-mail,
    /// e.g. https://ocop.example.gov.vn. Unset: the address each request came to.
    #[arg(long, env = "HOPTAC_PUBLIC_URL")]
    public_url: Option<String>,
}

impl MailArgs {
    fn mail(&self) -> Option<MailSettings> {
        self.smtp_url
            .as_deref()
            .filter(|url| !url.is_empty())
            .map(|url| MailSettings {
                url: url.to_owned(),
                from: self.mail_from.clone(),
            })
    }
}

/// Where the data lives.
#[derive(Args, Clone)]
struct DbArgs {
    /// Folder for hoptac's files (the SQLite database by default).
    #[arg(long, env = "HOPTAC_DATA_DIR", default_value = "./hoptac-data")]
    data_dir: PathBuf,
    /// `postgres://...` for PostgreSQL, `sqlite://...` for another SQLite file; unset means
    /// hoptac.db in the data directory.
    #[arg(long, env = "HOPTAC_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

impl DbArgs {
    /// The database's address: the URL given, or hoptac.db in the data directory (made if
    /// missing).
    fn url(&self) -> Result<String> {
        Ok(match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => {
                std::fs::create_dir_all(&self.data_dir).with_context(|| {
                    format!("cannot create the data directory {}", self.data_dir.display())
                })?;
                format!("sqlite://{}", self.data_dir.join("hoptac.db").display())
            }
        })
    }

    async fn open(&self) -> Result<Db> {
        let url = self.url()?;
        let db = Db::connect(&url).await.context("cannot open the database")?;
        hoptac_core::area::prepare(&db, &hoptac_web::area::cores(&hoptac_cli::areas()))
            .await
            .context("cannot migrate the database or load its reference data")?;
        Ok(db)
    }
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Address and port to listen on.
    #[arg(long, env = "HOPTAC_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Load the demo province (Thái Nguyên with the former Bắc Kạn) into an empty database, with
    /// demo accounts `admin`, `lienminh`, `canboxa`, `giamdoc`, `hoidong1` and `hoidong2` whose password
    /// is `hoptac-demo`.
    #[arg(long)]
    demo: bool,
    /// The language of the pages for a visitor who has not chosen one (the language switch), whatever
    /// their browser's: `vi`, `en`, or `browser` for the browser's first language. The API answers
    /// in each caller's `Accept-Language`.
    #[arg(long, value_enum, env = "HOPTAC_LANGUAGE", default_value = "vi")]
    language: SiteLanguage,
    #[command(flatten)]
    mail: MailArgs,
}

/// The language a site's pages speak by default.
#[derive(Clone, Copy, ValueEnum)]
enum SiteLanguage {
    Vi,
    En,
    /// The browser's first language that hoptac speaks.
    Browser,
}

impl SiteLanguage {
    fn lang(self) -> Option<hoptac_core::Lang> {
        match self {
            SiteLanguage::Vi => Some(hoptac_core::Lang::Vi),
            SiteLanguage::En => Some(hoptac_core::Lang::En),
            SiteLanguage::Browser => None,
        }
    }
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an administrator. The password is read from HOPTAC_ADMIN_PASSWORD or, when that is
    /// unset, from the first line of standard input.
    AddAdmin {
        username: String,
        #[arg(long, default_value = "")]
        display_name: String,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Scale {
    /// One province with every kind of organisation (about 100 organisations).
    Province,
    /// The whole country: 35,000 HTX, 65,000 THT, 150 LHHTX, 20,000 farms, about a million members,
    /// OCOP products, rounds and certificates for about one subject in six, and a market of more
    /// than 100,000 listings and 20,000 demands.
    National,
}

#[derive(Args)]
struct DemoArgs {
    #[command(flatten)]
    db: DbArgs,
    #[arg(long, value_enum, default_value = "province")]
    scale: Scale,
    /// Seed of the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 2025)]
    seed: u64,
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HOPTAC_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match Cli::parse().command {
        Command::Serve(args) => serve(args).await,
        Command::Backup(args) => {
            let db = args.db.open().await?;
            hoptac_core::backup::backup(&db, &args.db.url()?, &args.out)
                .await
                .context("the backup failed")?;
            db.close().await;
            println!("backup written to {}", args.out.display());
            Ok(())
        }
        Command::Restore(args) => {
            hoptac_core::backup::restore(&args.db.url()?, &args.file)
                .await
                .context("the restore failed")?;
            args.db.open().await?.close().await;
            println!("restored from {}", args.file.display());
            Ok(())
        }
        Command::Migrate(db) => {
            db.open().await?.close().await;
            println!("database ready");
            Ok(())
        }
        Command::User(UserCommand::AddAdmin {
            username,
            display_name,
            db,
        }) => {
            let password = match std::env::var("HOPTAC_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    eprintln!("password for {username}:");
                    let mut line = String::new();
                    std::io::stdin().lock().read_line(&mut line)?;
                    line.trim_end_matches(['\n', '\r']).to_owned()
                }
            };
            let db = db.open().await?;
            let id = users::create(&db, &username, &display_name, &password, true, chrono_now())
                .await
                .map_err(|e| refusal(e, hoptac_core::Lang::Vi).context("cannot create the account"))?;
            println!("administrator {username} created (id {id})");
            Ok(())
        }
        Command::Demo(args) => {
            let db = args.db.open().await?;
            let scale = match args.scale {
                Scale::Province => demo::Scale::demo_province(),
                Scale::National => demo::Scale::national(),
            };
            load_demo(&db, &scale, args.seed).await?;
            if matches!(args.scale, Scale::National) {
                let clock = Clock::system();
                let ocop = hoptac_ocop::store::volume::load(&db, args.seed, clock.today(), clock.now())
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot load the OCOP records: {e}"))?;
                println!(
                    "OCOP: {} products, {} rounds, {} applications, {} certificates",
                    ocop.products, ocop.rounds, ocop.applications, ocop.certificates
                );
                let market = hoptac_market::store::volume::load(&db, args.seed, clock.today(), clock.now())
                    .await
                    .map_err(|e| anyhow::anyhow!("cannot load the market: {e}"))?;
                println!(
                    "market: {} products of their own, {} listings, {} demands, {} programmes, {} shops, {} fairs",
                    market.products, market.listings, market.demands, market.programmes, market.shops, market.fairs
                );
            }
            Ok(())
        }
        Command::Bench(args) => bench::run(args).await,
        Command::Report(args) => write_report(args).await,
        Command::Import(args) => import(args).await,
        Command::Export(args) => export(args).await,
        Command::Ocop(OcopCommand::Notify { db, mail }) => {
            let db = db.open().await?;
            let run = hoptac_ocop::notices::run_notices(
                &db,
                mail.mail().as_ref(),
                &Clock::system(),
                mail.public_url.as_deref(),
            )
            .await?;
            println!(
                "{} new notices, {} e-mailed, {} not sent",
                run.created, run.emailed, run.failed
            );
            db.close().await;
            Ok(())
        }
    }
}

async fn write_report(args: ReportArgs) -> Result<()> {
    let lang = hoptac_core::Lang::from(args.lang);
    let format = match args.format {
        ReportFormat::Xlsx => ExportFormat::Xlsx,
        ReportFormat::Csv => ExportFormat::Csv,
        ReportFormat::Pdf => ExportFormat::Pdf,
    };
    let query = ReportQuery {
        place: Some(args.place),
        period: Some(args.period),
        from: None,
        to: None,
        as_of: args.as_of,
        template: args.template,
    };
    let db = args.db.open().await?;
    let actor = hoptac_core::audit::Actor::system("command line");
    let cx = hoptac_core::Context::at(&db, &actor, Clock::system().now());
    let written = hoptac_reports::export::write_report(&cx, &query, format, lang).await;
    db.close().await;
    let file = written.map_err(|e| match e {
        ExportError::Store(e) => refusal(e, lang),
        other => anyhow::anyhow!("{other}"),
    })?;
    let out = args.out.unwrap_or_else(|| PathBuf::from(&file.file_name));
    std::fs::write(&out, &file.bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{} ({} bytes)", out.display(), file.bytes.len());
    Ok(())
}

async fn import(args: ImportArgs) -> Result<()> {
    use hoptac_import::plan::{SaveError, Saving, SourceFile};
    use hoptac_import::sheets::{self, SheetPlan};
    use hoptac_import::workbook;
    let lang = hoptac_core::Lang::from(args.lang);
    // The words of the messages below, before any database is opened.
    // The rows' checks speak the words of the areas they write (OCOP, reports).
    hoptac_core::i18n::install(&[
        hoptac_import::TRANSLATIONS,
        hoptac_ocop::TRANSLATIONS,
        hoptac_reports::TRANSLATIONS,
    ]);
    let say = |id: &str, values: &[(&str, String)]| {
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        hoptac_core::i18n::format(lang, id, &values).unwrap_or_else(|| id.to_owned())
    };
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = SourceFile::of(&file_name, &bytes);
    let workbook = workbook::read(bytes).map_err(|e| {
        let error = hoptac_core::FieldError {
            field: "workbook".into(),
            code: e.code(),
            params: e.args(),
        };
        anyhow::anyhow!(
            "{}",
            hoptac_core::i18n::error_message_as(&error, &file_name, lang)
        )
    })?;
    let db = args.db.open().await?;
    let mapping = match &args.template {
        None => hoptac_import::layout::Mapping::default(),
        Some(name) => {
            let actor = hoptac_core::audit::Actor::system("command line");
            let cx = hoptac_core::Context::at(&db, &actor, Clock::system().now());
            hoptac_import::store::templates(&cx)
                .await?
                .into_iter()
                .find(|t| &t.name == name && t.province_code == args.province)
                .map(|t| t.mapping())
                .ok_or_else(|| anyhow::anyhow!(say("import-unknown_template", &[("name", name.clone())])))?
        }
    };
    let found: Vec<sheets::Importable> = sheets::importable_with(&workbook, |_| mapping.clone())
        .into_iter()
        .filter(|i| i.kind.as_str() == args.kind.as_str())
        .filter(|i| args.sheet.as_ref().is_none_or(|name| &i.sheet.name == name))
        .collect();
    let importable = match found.as_slice() {
        [one] => one,
        [] => {
            // The file has sheets hoptac reads, of another kind than asked; else, a CSV read with a
            // separator it does not use is one column of text.
            let other = sheets::importable_with(&workbook, |_| mapping.clone())
                .into_iter()
                .find(|i| i.kind.as_str() != args.kind.as_str());
            let separator = workbook.first().and_then(workbook::Sheet::separator_name);
            match (other, separator) {
                (Some(other), _) => anyhow::bail!(say(
                    "import-other_kind",
                    &[
                        ("sheet", other.sheet.name.clone()),
                        // As the option is spelled: `--kind ocop-products`.
                        ("kind", other.kind.as_str().replace('_', "-"))
                    ]
                )),
                (None, Some(separator)) => {
                    let error = hoptac_core::FieldError {
                        field: "workbook".into(),
                        code: "no_known_headings_csv",
                        params: vec![("separator", separator)],
                    };
                    anyhow::bail!(hoptac_core::i18n::error_message_as(&error, &file_name, lang))
                }
                (None, None) => anyhow::bail!(say("import-no_sheet", &[("file", file_name.clone())])),
            }
        }
        several => anyhow::bail!(say(
            "import-several_sheets",
            &[(
                "sheets",
                several
                    .iter()
                    .map(|i| format!("«{}»", i.sheet.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )]
        )),
    };
    if hoptac_core::admin_units::province(&db, hoptac_core::admin::Era::Y2025, &args.province)
        .await?
        .is_none()
    {
        db.close().await;
        anyhow::bail!(say(
            "import-unknown_province",
            &[("province", args.province.clone())]
        ));
    }
    let actor = hoptac_core::audit::Actor::system("command line");
    let cx = hoptac_core::Context::at(&db, &actor, Clock::system().now());
    let plan = SheetPlan::of(&cx, importable, &args.province).await?;
    let records = plan.records();
    let skipped = importable.layout.rows.len() - records.len();
    println!(
        "{}",
        say(
            "import-read",
            &[
                ("sheet", importable.sheet.name.clone()),
                ("records", records.len().to_string()),
                ("skipped", skipped.to_string())
            ]
        )
    );
    let counts = plan.counts();
    println!(
        "{}",
        say(
            "import-counts",
            &[
                ("new", counts.new.to_string()),
                ("changed", counts.changed.to_string()),
                ("unchanged", counts.unchanged.to_string()),
                ("rejected", counts.rejected.to_string())
            ]
        )
    );
    for record in &records {
        if let hoptac_import::plan::Outcome::Changed { changes, .. } = record.outcome() {
            println!(
                "  ~ {}",
                say(
                    "import-at_row",
                    &[
                        ("row", record.row().to_string()),
                        (
                            "message",
                            format!(
                                "{}: {}",
                                record.label(),
                                hoptac_import::plan::describe_changes(changes, lang)
                            )
                        )
                    ]
                )
            );
        }
        for problem in record.problems() {
            println!("  ✗ {}", problem.describe(lang));
        }
        for note in record.notes() {
            println!("  · {}", note.describe(lang));
        }
    }
    if args.dry_run {
        println!("{}", say("import-dry_run", &[]));
        db.close().await;
        return Ok(());
    }
    let bar = indicatif::ProgressBar::new(0);
    let saved = plan
        .save(
            &cx,
            &Saving {
                valid_rows_only: args.valid_rows_only,
                sheet: Some(importable),
                ..Saving::of(&file, &args.province)
            },
            |done, all| {
                bar.set_length(all as u64);
                bar.set_position(done as u64);
            },
        )
        .await;
    bar.finish_and_clear();
    db.close().await;
    match saved {
        Ok(saved) => {
            println!(
                "{}",
                say(
                    "import-saved",
                    &[
                        ("created", saved.created.to_string()),
                        ("changed", saved.changed.to_string()),
                        ("id", saved.import_id.to_string())
                    ]
                )
            );
            Ok(())
        }
        Err(SaveError::Refused(rejected)) => {
            anyhow::bail!(say("import-refused_all", &[("rejected", rejected.to_string())]))
        }
        Err(SaveError::Row { row, error }) => {
            anyhow::bail!(
                "{:#}",
                refusal(error, lang).context(say("import-row_failed", &[("row", row.to_string())]))
            )
        }
        Err(SaveError::Nothing) => {
            println!("{}", say("import-nothing", &[]));
            Ok(())
        }
        Err(SaveError::AlreadySaved(id)) => anyhow::bail!("saved already as import {id}"),
        Err(SaveError::Outrun) => anyhow::bail!(say("import-outrun", &[])),
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}

async fn export(args: ExportArgs) -> Result<()> {
    use hoptac_import::export::{self, FileFormat};
    let written = args.format.clone().unwrap_or_else(|| {
        args.out
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .filter(|e| e == "csv")
            .unwrap_or_else(|| "xlsx".to_owned())
    });
    let format = FileFormat::parse(&written)
        .ok_or_else(|| anyhow::anyhow!("--format: xlsx or csv, not {written:?}"))?;
    let list = hoptac_registry::web::ListQuery {
        province: args.province.clone(),
        ..Default::default()
    };
    let (filter, _) = list.to_filter().map_err(|e| {
        anyhow::anyhow!(
            "--province: {}",
            hoptac_core::i18n::errors_message(&e, hoptac_core::Lang::En)
        )
    })?;
    let db = args.db.open().await?;
    if let Some(province) = &args.province {
        if hoptac_core::admin_units::province(&db, hoptac_core::admin::Era::Y2025, province)
            .await?
            .is_none()
        {
            db.close().await;
            // The rows' checks speak the words of the areas they write (OCOP, reports).
            hoptac_core::i18n::install(&[
                hoptac_import::TRANSLATIONS,
                hoptac_ocop::TRANSLATIONS,
                hoptac_reports::TRANSLATIONS,
            ]);
            let message = hoptac_core::i18n::format(
                hoptac_core::Lang::Vi,
                "import-unknown_province",
                &[("province", province)],
            )
            .unwrap_or_default();
            anyhow::bail!(message);
        }
    }
    let actor = hoptac_core::audit::Actor::system("command line");
    let cx = hoptac_core::Context::at(&db, &actor, Clock::system().now());
    // The years whose figures the registry holds: from 1990 to this year.
    let this_year = chrono::Datelike::year(&cx.today);
    let year = match &args.year {
        Some(y) => match y.parse::<i32>() {
            Ok(year) if (1990..=this_year).contains(&year) => year,
            _ => {
                db.close().await;
                anyhow::bail!("--year: a year from 1990 to {this_year}, not {y}")
            }
        },
        None => this_year - 1,
    };
    let started = std::time::Instant::now();
    let written = match args.kind {
        ExportKind::Organisations => export::organisations(&cx, &filter, year, format).await,
        ExportKind::Members => export::members(&cx, &filter, format).await,
    };
    db.close().await;
    let bytes = written.map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "{} ({} bytes in {:.1} s)",
        args.out.display(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    Clock::system().now()
}

async fn load_demo(db: &Db, scale: &demo::Scale, seed: u64) -> Result<()> {
    let clock = Clock::system();
    let total = scale.total();
    let report = demo::load(db, scale, seed, clock.today(), clock.now(), |done| {
        if total > 5_000 {
            eprintln!("  {done}/{total} organisations");
        }
    })
    .await
    .map_err(|e| anyhow::anyhow!("cannot load demo data: {e}"))?;
    println!(
        "loaded {} organisations, {} members, {} status entries, {} yearly figures: {} rows in {:.1} s ({:.0} rows/s)",
        report.organisations,
        report.members,
        report.statuses,
        report.figures,
        report.rows(),
        report.seconds,
        report.rows() as f64 / report.seconds.max(0.001)
    );
    Ok(())
}

async fn serve(args: ServeArgs) -> Result<()> {
    let db = args.db.open().await?;
    if args.demo {
        for line in hoptac_cli::load_demo(&db, &Clock::system(), 2025).await? {
            tracing::info!("{line}");
        }
    }
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr()?;
    tracing::info!("hoptac is listening on http://{address}");
    if address.ip().is_unspecified() {
        tracing::info!("reachable from other machines on port {}", address.port());
    }
    let settings = Settings {
        public_url: args.mail.public_url.clone(),
        mail: args.mail.mail(),
        language: args.language.lang(),
    };
    let state = AppState::with_settings(db.clone(), Clock::system(), settings);
    let app = hoptac_web::app(state, hoptac_cli::areas());
    app.spawn_hourly();
    app.spawn_workers();
    app.serve(listener).await?;
    db.close().await;
    Ok(())
}
