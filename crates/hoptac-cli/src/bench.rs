//! A small load generator for a running hoptac: it requests list, filter and search pages and API
//! calls with a fixed number of concurrent clients and reports latency percentiles. It only talks to
//! the address it is given; run it against a server on this machine.

use anyhow::{bail, Result};
use clap::Args;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct BenchArgs {
    /// Base address of the running server.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Requests per scenario.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Measure the reports instead of the registry's lists: signs in first as `--username`.
    #[arg(long)]
    reports: bool,
    /// Measure the market's catalogue and matching instead.
    #[arg(long)]
    market: bool,
    /// An account that reads every report (an administrator).
    #[arg(long, default_value = "admin")]
    username: String,
    #[arg(
        long,
        env = "HOPTAC_BENCH_PASSWORD",
        hide_env_values = true,
        default_value = ""
    )]
    password: String,
}

/// What is measured: a name and a path with its query.
const SCENARIOS: &[(&str, &str)] = &[
    ("list page", "/organisations"),
    ("list page, page 40", "/organisations?page=40"),
    (
        "filter: HTX in Thái Nguyên",
        "/organisations?kind=htx&province=19",
    ),
    (
        "filter: active THT in old Bắc Kạn, agriculture",
        "/organisations?kind=tht&old_province=06&status=active&sector=agriculture",
    ),
    ("search: \"htx che tan\"", "/organisations?q=htx+che+tan"),
    (
        "search + filter: \"nong nghiep\" in Hà Nội",
        "/organisations?q=nong+nghiep&province=01",
    ),
    (
        "API list, filtered",
        "/api/v1/organisations?kind=htx&province=79&per_page=50",
    ),
    (
        "API count active HTX on 31/12/2022",
        "/api/v1/organisations/count?kind=htx&status=active&on=2022-12-31",
    ),
    ("API search", "/api/v1/organisations?q=dich+vu+tong+hop"),
];

/// The market measured at national scale: the public catalogue, searched and filtered, its API,
/// and one demand's matches across every province (page and API).
const MARKET_SCENARIOS: &[(&str, &str)] = &[
    ("catalogue page", "/market"),
    ("catalogue, page 40", "/market?page=40"),
    ("catalogue search: \"che bup\"", "/market?q=che+bup"),
    (
        "catalogue filter: drinks of Thái Nguyên, 3 stars or more",
        "/market?province=19&group=drinks&stars=3",
    ),
    (
        "catalogue filter: delivers to Hà Nội, in season in November",
        "/market?delivers_to=01&month=11",
    ),
    (
        "API listings: search + certified",
        "/api/v1/market/listings?q=gao&certified=true&per_page=50",
    ),
    ("API matches of demand 990", "/api/v1/market/demands/990/matches"),
    ("demand 990's page with its matches", "/market/demands/990"),
    (
        "API matches of demand 15000",
        "/api/v1/market/demands/15000/matches",
    ),
];

/// The reports measured: the country's and a merged province's year, through the API and the
/// page (which adds the charts over five years), and an export.
const REPORT_SCENARIOS: &[(&str, &str)] = &[
    (
        "API report: country, 2025",
        "/api/v1/reports?place=country&period=2025",
    ),
    (
        "API report: Thái Nguyên, 2025",
        "/api/v1/reports?place=province-19&period=2025",
    ),
    (
        "API report: former Bắc Kạn, 2024",
        "/api/v1/reports?place=province-2008-06&period=2024",
    ),
    (
        "API report: Thái Nguyên, first half 2025",
        "/api/v1/reports?place=province-19&period=2025-H1",
    ),
    ("report page: country, 2025", "/reports?place=country&period=2025"),
    (
        "report page: Thái Nguyên, 2025",
        "/reports?place=province-19&period=2025",
    ),
    (
        "XLSX export: Thái Nguyên, 2025",
        "/api/v1/reports/export/xlsx?place=province-19&period=2025",
    ),
];

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

pub async fn run(args: BenchArgs) -> Result<()> {
    let base = args.url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .cookie_store(true)
        .build()?;
    if !client
        .get(format!("{base}/healthz"))
        .send()
        .await?
        .status()
        .is_success()
    {
        bail!("{base}/healthz does not answer 200");
    }
    let scenarios = if args.reports {
        let login = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&serde_json::json!({"username": args.username, "password": args.password}))
            .send()
            .await?;
        if !login.status().is_success() {
            bail!("cannot sign in as {}: {}", args.username, login.status());
        }
        REPORT_SCENARIOS
    } else if args.market {
        MARKET_SCENARIOS
    } else {
        SCENARIOS
    };
    println!("| scenario | requests | p50 ms | p90 ms | p99 ms | max ms | req/s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, path) in scenarios {
        let url = format!("{base}{path}");
        // Warm the caches the way a working server has them.
        for _ in 0..20 {
            client.get(&url).send().await?.bytes().await?;
        }
        let per_client = args.requests.div_ceil(args.concurrency.max(1));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..args.concurrency.max(1) {
            let client = client.clone();
            let url = url.clone();
            tasks.push(tokio::spawn(async move {
                let mut times = Vec::with_capacity(per_client);
                for _ in 0..per_client {
                    let t = Instant::now();
                    let response = client.get(&url).send().await?;
                    let ok = response.status().is_success();
                    response.bytes().await?;
                    if !ok {
                        bail!("{url} answered an error");
                    }
                    times.push(t.elapsed());
                }
                Ok::<_, anyhow::Error>(times)
            }));
        }
        let mut times = Vec::new();
        for task in tasks {
            times.extend(task.await??);
        }
        let elapsed = started.elapsed().as_secs_f64();
        times.sort();
        println!(
            "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} |",
            times.len(),
            percentile(&times, 50.0),
            percentile(&times, 90.0),
            percentile(&times, 99.0),
            percentile(&times, 100.0),
            times.len() as f64 / elapsed
        );
    }
    Ok(())
}
