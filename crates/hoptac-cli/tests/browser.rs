//! The registry in a real headless browser (Debian's chromium, driven through chromedriver): sign in,
//! create a cooperative with the form, find it by a search typed without diacritics; a form sent
//! after the session ended comes back filled once signed in again.
// Helpers outside #[test] functions unwrap too: a broken fixture should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::{ClientBuilder, Locator};
use hoptac_web::testing::{cooperative, TestApp, PASSWORD, USERNAME};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The areas these tests run.
fn areas() -> Vec<hoptac_web::Area> {
    hoptac_cli::areas()
}

/// A chromedriver process on a free port, stopped when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
    /// Panics with the install command when chromedriver is missing: the test must not pass unseen.
    // Drop kills and waits for the process, which the lint cannot see.
    #[allow(clippy::zombie_processes)]
    async fn start() -> ChromeDriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is needed for the browser test: apt-get install chromium chromium-driver");
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if reqwest::get(format!("{url}/status"))
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return ChromeDriver { child, url };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start on port {port}");
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A headless chromium with a profile of its own, driven by its own chromedriver.
struct BrowserSession {
    browser: fantoccini::Client,
    // Kept alive for as long as the browser runs.
    _driver: ChromeDriver,
    _profile: tempfile::TempDir,
}

impl BrowserSession {
    async fn start() -> BrowserSession {
        let driver = ChromeDriver::start().await;
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        });
        let browser = ClientBuilder::native()
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&driver.url)
            .await
            .unwrap();
        BrowserSession {
            browser,
            _driver: driver,
            _profile: profile,
        }
    }
}

/// Types `text` into the field `css` finds.
async fn type_into(browser: &fantoccini::Client, css: &str, text: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Clicks what `css` finds.
async fn click(browser: &fantoccini::Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Signs in on the sign-in page the browser is on, and waits for the page it sends on to.
async fn sign_in_here(browser: &fantoccini::Client) {
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");
    type_into(browser, "#username", USERNAME).await;
    type_into(browser, "#password", PASSWORD).await;
    click_and_wait_for_new_page(browser, Locator::Css("form.form button[type=submit]")).await;
}

/// Clicks `button` and waits until the page it was on has been replaced, for up to ten seconds.
async fn click_and_wait_for_new_page(browser: &fantoccini::Client, button: Locator<'_>) {
    let old_page = browser.find(Locator::Css("html")).await.unwrap();
    browser.find(button).await.unwrap().click().await.unwrap();
    for _ in 0..200 {
        if old_page.text().await.is_err() {
            browser.wait().for_element(Locator::Css("footer")).await.unwrap();
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the page did not change at {}",
        browser.current_url().await.unwrap()
    );
}

#[tokio::test]
async fn sign_in_create_a_cooperative_and_find_it_without_diacritics() {
    let app = TestApp::spawn(areas()).await;
    let session = BrowserSession::start().await;
    let browser = session.browser.clone();
    let text_of = |css: &'static str| {
        let browser = &browser;
        async move {
            browser
                .find(Locator::Css(css))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };

    // Vietnamese, chosen with the language switch, whatever the browser asks for.
    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    // Sign in; the sign-in page sends the officer on to the form asked for.
    browser.goto(&app.url("/organisations/new")).await.unwrap();
    sign_in_here(&browser).await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/organisations/new");

    // Fill the form as an officer would.
    type_into(&browser, "#name", "HTX Rau sạch Đồng Hỷ").await;
    type_into(&browser, "#tax_code", "0300588569").await;
    // Date inputs take keys in the browser's own format; set the value the way a date picker does.
    browser
        .execute(
            "document.getElementById('founding_date').value = '2019-03-15';",
            vec![],
        )
        .await
        .unwrap();
    click(&browser, "input[name=sectors][value=agriculture]").await;
    click(&browser, "#commune_era option[value='2008']").await;
    type_into(&browser, "#commune", "01834").await;
    click_and_wait_for_new_page(&browser, Locator::Css("form.form .actions button")).await;
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/organisations/"));
    assert_eq!(text_of("h1").await, "HTX Rau sạch Đồng Hỷ");

    // Find it again by typing without diacritics.
    browser.goto(&app.url("/organisations")).await.unwrap();
    type_into(&browser, "input[name=q]", "htx rau sach dong hy").await;
    click_and_wait_for_new_page(&browser, Locator::Css("form.filters .actions button")).await;
    let query = browser
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap_or("")
        .to_owned();
    assert!(query.starts_with("q=htx+rau+sach+dong+hy"), "{query}");
    assert_eq!(text_of("p.count").await, "Tìm thấy 1 tổ chức.");
    click_and_wait_for_new_page(&browser, Locator::LinkText("HTX Rau sạch Đồng Hỷ")).await;
    assert_eq!(text_of("h1").await, "HTX Rau sạch Đồng Hỷ");

    browser.close().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn a_form_sent_after_the_session_ended_comes_back_filled_once_signed_in() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (status, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    assert_eq!(status, 201, "{org}");
    let org_id = org["id"].as_i64().unwrap();
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    let form_page = format!("/organisations/{org_id}/members/new");

    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    browser.goto(&app.url(&form_page)).await.unwrap();
    sign_in_here(browser).await;
    assert_eq!(browser.current_url().await.unwrap().path(), form_page);
    type_into(browser, "#full_name", "Hoàng Thị Mai").await;
    type_into(browser, "#id_number", "019185000123").await;
    browser
        .execute(
            "document.getElementById('birth_date').value = '1985-04-02';",
            vec![],
        )
        .await
        .unwrap();
    // The session ends while the form is open (it expired, or the person signed out elsewhere).
    browser.delete_cookie("hoptac_session").await.unwrap();
    click_and_wait_for_new_page(browser, Locator::Css("form.form .actions button")).await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");
    let kept = browser.find(Locator::Css("#form-kept")).await.unwrap();
    assert!(kept.is_displayed().await.unwrap());

    // Signed in again, the person is back on the form with what they typed.
    sign_in_here(browser).await;
    assert_eq!(browser.current_url().await.unwrap().path(), form_page);
    let value_of = |css: &'static str| async move {
        browser
            .find(Locator::Css(css))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    };
    assert_eq!(value_of("#full_name").await, "Hoàng Thị Mai");
    assert_eq!(value_of("#id_number").await, "019185000123");
    assert_eq!(value_of("#birth_date").await, "1985-04-02");
    let restored = browser.find(Locator::Css("#form-restored")).await.unwrap();
    assert!(restored.is_displayed().await.unwrap());

    // Saving now records the member once.
    click_and_wait_for_new_page(browser, Locator::Css("form.form .actions button")).await;
    assert_eq!(
        browser.current_url().await.unwrap().path(),
        format!("/organisations/{org_id}")
    );
    let (status, members) = app
        .get_json(&format!("/api/v1/organisations/{org_id}/members"))
        .await;
    assert_eq!(status, 200, "{members}");
    let names: Vec<&str> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["full_name"].as_str())
        .collect();
    assert_eq!(names, vec!["Hoàng Thị Mai"]);
    // Nothing typed is left in the tab once given back.
    let left = browser
        .execute("return sessionStorage.length;", vec![])
        .await
        .unwrap();
    assert_eq!(left, json!(0));

    browser.clone().close().await.unwrap();
    app.stop().await;
}

/// Polls until `css` finds an element, for up to `seconds`.
async fn wait_for(browser: &fantoccini::Client, css: &str, seconds: u64) -> fantoccini::elements::Element {
    for _ in 0..seconds * 10 {
        if let Ok(found) = browser.find(Locator::Css(css)).await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "no {css} within {seconds} s at {}",
        browser.current_url().await.unwrap()
    );
}

/// Whether the page fits the browser's width without scrolling sideways.
async fn fits_width(browser: &fantoccini::Client) -> bool {
    browser
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap()
        == json!(true)
}

#[tokio::test]
async fn an_officer_uploads_the_provinces_workbook_previews_it_and_saves_it_on_a_phone() {
    let app = TestApp::spawn(areas()).await;
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(390, 844).await.unwrap();
    let workbook = tempfile::Builder::new().suffix(".xlsx").tempfile().unwrap();
    std::fs::write(workbook.path(), hoptac_import::demo::SAMPLE).unwrap();

    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    browser.goto(&app.url("/imports")).await.unwrap();
    sign_in_here(browser).await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/imports");
    click(browser, "#province option[value='19']").await;
    type_into(browser, "#workbook", &workbook.path().display().to_string()).await;
    click_and_wait_for_new_page(browser, Locator::Css("form.form .actions button")).await;

    // The preview: the registry sheet chosen, 47 new and 2 refused, each refusal by row and column.
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/imports/uploads/"));
    let counts = browser
        .find(Locator::Css("dl.counts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(counts.contains("Mới\n47"), "{counts}");
    assert!(counts.contains("Bị từ chối\n2"), "{counts}");
    let page = browser.source().await.unwrap();
    assert!(
        page.contains("Dòng 24, cột Mã số thuế"),
        "the duplicate tax code, by row and column"
    );
    assert!(fits_width(browser).await, "the preview fits a phone");

    // Saving the valid rows is a job whose page follows it to the import it made.
    click_and_wait_for_new_page(
        browser,
        Locator::Css("form.form .actions button[name=valid_rows_only]"),
    )
    .await;
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/imports/jobs/"));
    let done = wait_for(browser, "p.ok[data-finished] a", 60).await;
    assert_eq!(done.text().await.unwrap(), "Xem lần nhập đã lưu");
    click_and_wait_for_new_page(browser, Locator::Css("p.ok[data-finished] a")).await;
    let result = browser
        .find(Locator::Css("dl.facts"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        result.contains("47 mới, 0 thay đổi, 0 không đổi, 2 bị từ chối"),
        "{result}"
    );
    assert!(fits_width(browser).await, "the import's record fits a phone");
    let (status, list) = app.get_json("/api/v1/organisations?per_page=1").await;
    assert_eq!(status, 200);
    assert_eq!(list["total"], 47);

    browser.clone().close().await.unwrap();
    app.stop().await;
}

/// axe-core's script (`tests/axe`, installed by `.ci/run` with `npm ci`).
fn axe_source() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/axe/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!("{path}: {e}; install it with: npm ci --prefix crates/hoptac-cli/tests/axe")
    })
}

/// The serious and critical accessibility violations axe-core finds on the browser's page, each as
/// its rule and the first elements it names.
async fn axe_violations(browser: &fantoccini::Client, axe: &str) -> Vec<String> {
    browser.execute(axe, vec![]).await.unwrap();
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(
               r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))),
               e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

/// Signs `username` in with the demo's password, from wherever the browser is.
async fn sign_in_as_demo(browser: &fantoccini::Client, app: &TestApp, username: &str) {
    browser.delete_all_cookies().await.unwrap();
    browser.goto(&app.url("/login")).await.unwrap();
    type_into(browser, "#username", username).await;
    type_into(browser, "#password", hoptac_cli::DEMO_PASSWORD).await;
    click_and_wait_for_new_page(browser, Locator::Css("form.form button[type=submit]")).await;
    assert_ne!(
        browser.current_url().await.unwrap().path(),
        "/login",
        "{username} signed in"
    );
}

/// Whether a link leads to a page rather than a file, a switch or the API.
fn is_page_link(href: &str) -> bool {
    let skipped = [
        "/api/",
        "/static/",
        "/lang/",
        "/logout",
        "/exports/",
        "/reports/export/",
        "/ocop/files/",
    ];
    href.starts_with('/')
        && !href.starts_with("//")
        && !skipped.iter().any(|s| href.starts_with(s))
        && ![".pdf", ".xlsx", ".csv", "/pdf", "/status"]
            .iter()
            .any(|end| href.split('?').next().unwrap_or("").ends_with(end))
}

/// Follows links from the home page and visits one page of each kind (its address with the numbers
/// taken out), up to `most`; returns each page's problems: wider than the window, or an accessibility
/// violation.
async fn visit_every_kind_of_page(
    browser: &fantoccini::Client,
    app: &TestApp,
    axe: &str,
    most: usize,
) -> (usize, Vec<String>) {
    let mut queue = std::collections::VecDeque::from(["/".to_owned()]);
    let mut kinds = std::collections::HashSet::new();
    let mut visited = 0;
    let mut problems = Vec::new();
    while let Some(path) = queue.pop_front() {
        let kind: String = path
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        let kind = kind.split('?').next().unwrap_or("").to_owned();
        if visited >= most || !kinds.insert(kind) {
            continue;
        }
        browser.goto(&app.url(&path)).await.unwrap();
        visited += 1;
        if !fits_width(browser).await {
            let wide = browser
                .execute(
                    "return [document.documentElement.scrollWidth].concat(Array.from(document.querySelectorAll('body *'))
                       .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
                       .slice(0, 4).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))).join(' ');",
                    vec![],
                )
                .await
                .unwrap();
            problems.push(format!("{path}: {} px wide", wide.as_str().unwrap_or_default()));
        }
        for violation in axe_violations(browser, axe).await {
            problems.push(format!("{path}: {violation}"));
        }
        let links = browser
            .execute(
                "return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'));",
                vec![],
            )
            .await
            .unwrap();
        let links: Vec<String> = serde_json::from_value(links).unwrap();
        queue.extend(
            links
                .into_iter()
                .filter(|href| is_page_link(href))
                .map(|href| href.split('#').next().unwrap_or("").to_owned()),
        );
    }
    (visited, problems)
}

#[tokio::test]
async fn every_page_of_every_demo_role_fits_a_small_phone_and_passes_axe() {
    let app = TestApp::spawn(areas()).await;
    hoptac_cli::load_demo_province(&app.db.db, &app.clock, 2025)
        .await
        .unwrap();
    hoptac_cli::load_demo_story(&app.db.db, &app.clock).await.unwrap();
    let axe = axe_source();
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(360, 800).await.unwrap();
    browser.goto(&app.url("/")).await.unwrap();
    let inner = browser
        .execute("return window.innerWidth;", vec![])
        .await
        .unwrap();
    assert!(inner.as_i64().unwrap() <= 360, "the window is {inner} px wide");

    let mut problems = Vec::new();
    for who in [
        None,
        Some("admin"),
        Some("lienminh"),
        Some("canboxa"),
        Some("giamdoc"),
        Some("hoidong1"),
        Some("nguoimua"),
    ] {
        match who {
            Some(username) => sign_in_as_demo(browser, &app, username).await,
            None => browser.delete_all_cookies().await.unwrap(),
        }
        let (visited, found) = visit_every_kind_of_page(browser, &app, &axe, 60).await;
        let who = who.unwrap_or("a visitor");
        assert!(visited >= 5, "{who} reached only {visited} pages");
        problems.extend(found.into_iter().map(|p| format!("{who}: {p}")));
    }
    // Every desk at a desktop's width too.
    browser.set_window_size(1366, 900).await.unwrap();
    for username in ["lienminh", "giamdoc", "hoidong1"] {
        sign_in_as_demo(browser, &app, username).await;
        let (_, found) = visit_every_kind_of_page(browser, &app, &axe, 60).await;
        problems.extend(found.into_iter().map(|p| format!("{username} at 1366 px: {p}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    browser.clone().close().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn removing_a_member_asks_in_a_dialog_and_goes_only_on_yes() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let org_id = org["id"].as_i64().unwrap();
    let member = json!({"kind": "person", "full_name": "Ma Thị Lan", "membership": "official", "joined_on": "2022-04-01"});
    let (status, member) = app
        .post_json(&format!("/api/v1/organisations/{org_id}/members"), &member)
        .await;
    assert_eq!(status, 201);
    let member_api = format!("/api/v1/members/{}", member["id"]);
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(390, 844).await.unwrap();
    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    browser
        .goto(&app.url(&format!("/members/{}/edit", member["id"])))
        .await
        .unwrap();
    sign_in_here(browser).await;

    // "No" closes the question and leaves the member.
    click(browser, "form.danger button.danger").await;
    let dialog = wait_for(browser, "dialog.confirm[open]", 5).await;
    let text = dialog.text().await.unwrap();
    assert!(
        text.contains("Xóa thành viên này khỏi danh sách?") && text.contains("Ma Thị Lan"),
        "{text}"
    );
    dialog
        .find(Locator::Css("button.secondary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The dialog goes once its close event has run, a moment after the click.
    let mut gone = false;
    for _ in 0..50 {
        if browser.find(Locator::Css("dialog.confirm")).await.is_err() {
            gone = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(gone, "the dialog is gone");
    assert_eq!(app.get_json(&member_api).await.0, 200);

    // "Yes" sends the form confirmed: the member is gone and the organisation's page follows.
    click(browser, "form.danger button.danger").await;
    wait_for(browser, "dialog.confirm[open]", 5).await;
    click_and_wait_for_new_page(browser, Locator::Css("dialog.confirm button.danger")).await;
    assert_eq!(
        browser.current_url().await.unwrap().path(),
        format!("/organisations/{org_id}")
    );
    assert_eq!(app.get_json(&member_api).await.0, 404);
    browser.clone().close().await.unwrap();
    app.stop().await;
}

/// An application's dossier and a product's photos in a real browser: on a phone the subject
/// chooses a PDF for the dossier and a photo for the product; at a desktop's width the officer
/// reads the dossier and every council member's sheet; a visitor sees the photo. Each page fits
/// its window and passes axe-core.
#[tokio::test]
async fn a_dossier_and_a_photo_are_added_on_a_phone_and_read_at_a_desk() {
    let app = TestApp::spawn(areas()).await;
    app.sign_in().await;
    let (_, org) = app.post_json("/api/v1/organisations", &cooperative()).await;
    let (_, tea) = app
        .post_json(
            "/api/v1/ocop/products",
            &json!({"organisation_id": org["id"], "name": "Chè búp Tân Cương", "product_group": "drinks"}),
        )
        .await;
    let (_, round) = app
        .post_json(
            "/api/v1/ocop/rounds",
            &json!({"province": "19", "name": "Đợt 2 năm 2026", "opened_on": "2026-11-01"}),
        )
        .await;
    let member = hoptac_web::testing::person(&app, "thanhvien1", None).await;
    let council = format!("/api/v1/ocop/rounds/{}/council", round["id"]);
    assert_eq!(
        app.post_json(&council, &json!({"username": "thanhvien1"}))
            .await
            .0,
        201
    );
    let (status, application) = app
        .post_json(
            &format!("/api/v1/ocop/rounds/{}/applications", round["id"]),
            &json!({"product_id": tea["id"].to_string(), "kind": "first"}),
        )
        .await;
    assert_eq!(status, 201, "{application}");
    let sheet = format!("/api/v1/ocop/applications/{}/sheet", application["id"]);
    let points = json!({"points": {"A": 31, "B": 19, "C": 22}});
    assert_eq!(
        member.send_json(reqwest::Method::PUT, &sheet, &points).await.0,
        200
    );
    let application_page = format!("/ocop/applications/{}", application["id"]);
    let product_page = format!("/ocop/products/{}", tea["id"]);
    let pdf = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(pdf.path(), b"%PDF-1.4\n%%EOF\n").unwrap();
    let photo = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    std::fs::write(
        photo.path(),
        include_bytes!("../../hoptac-core/testdata/photo-with-exif.png"),
    )
    .unwrap();
    let axe = axe_source();
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(390, 844).await.unwrap();
    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    browser
        .goto(&app.url(&format!("/login?next={application_page}")))
        .await
        .unwrap();
    sign_in_here(browser).await;

    // On the phone: the document chosen and uploaded, listed by its name.
    type_into(browser, "#document", &pdf.path().display().to_string()).await;
    click_and_wait_for_new_page(browser, Locator::Css("form[enctype] button[type=submit]")).await;
    let documents = browser
        .find(Locator::Css("ul.files"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Kept without the leading dot of a temporary file's name.
    let name = pdf
        .path()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_start_matches('.')
        .to_owned();
    assert!(documents.contains(&name), "{documents}");
    assert!(fits_width(browser).await, "the application fits a phone");
    assert_eq!(axe_violations(browser, &axe).await, Vec::<String>::new());
    // The product's photo, from its page.
    browser.goto(&app.url(&product_page)).await.unwrap();
    type_into(browser, "#photo", &photo.path().display().to_string()).await;
    click_and_wait_for_new_page(browser, Locator::Css("form[enctype] button[type=submit]")).await;
    browser.find(Locator::Css("ul.gallery img")).await.unwrap();
    assert!(
        fits_width(browser).await,
        "the product with its photo fits a phone"
    );
    assert_eq!(axe_violations(browser, &axe).await, Vec::<String>::new());

    // At the desk: the council's sheets side by side, the member's points in their column.
    browser.set_window_size(1366, 900).await.unwrap();
    browser.goto(&app.url(&application_page)).await.unwrap();
    let sheets = browser
        .find(Locator::Css("table.compared"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sheets.contains("thanhvien1") && sheets.contains("72"), "{sheets}");
    assert!(fits_width(browser).await, "the sheets fit a desk's screen");
    assert_eq!(axe_violations(browser, &axe).await, Vec::<String>::new());

    // A visitor sees the photo, and not the dossier.
    browser.delete_all_cookies().await.unwrap();
    browser.goto(&app.url(&product_page)).await.unwrap();
    browser.find(Locator::Css("ul.gallery img")).await.unwrap();
    assert_eq!(axe_violations(browser, &axe).await, Vec::<String>::new());
    browser.goto(&app.url(&application_page)).await.unwrap();
    assert!(!browser.source().await.unwrap().contains(&name));
    browser.clone().close().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn a_buyer_finds_tea_in_the_catalogue_and_reads_why_each_supplier_ranks_on_a_phone() {
    let app = TestApp::spawn(areas()).await;
    hoptac_cli::load_demo_province(&app.db.db, &app.clock, 2025)
        .await
        .unwrap();
    hoptac_cli::load_demo_story(&app.db.db, &app.clock).await.unwrap();
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(360, 800).await.unwrap();
    browser.goto(&app.url("/lang/vi?next=/market")).await.unwrap();
    // Typed without diacritics, as on a phone's keyboard.
    type_into(browser, "input[name=q]", "che bup").await;
    click_and_wait_for_new_page(browser, Locator::Css("form.filters .actions button")).await;
    let count = browser
        .find(Locator::Css("p.count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(count.starts_with("Tìm thấy"), "{count}");
    let cards = browser.find_all(Locator::Css("ul.cards > li")).await.unwrap();
    assert!(!cards.is_empty(), "tea is on offer");
    assert!(fits_width(browser).await, "the catalogue fits 360 px");
    click_and_wait_for_new_page(browser, Locator::LinkText("Chè búp Tân Cương")).await;
    assert_eq!(
        browser
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .trim_end_matches([' ', '★']),
        "Chè búp Tân Cương"
    );
    assert!(fits_width(browser).await, "the listing fits 360 px");

    // The buyer's rice demand: two cooperatives meet it together, each ranked with its reasons.
    sign_in_as_demo(browser, &app, "nguoimua").await;
    browser
        .goto(&app.url("/lang/vi?next=/market/demands%3Fq%3Dgao"))
        .await
        .unwrap();
    click_and_wait_for_new_page(browser, Locator::Css("ul.offers a")).await;
    let supply = browser.find(Locator::Css("#supply")).await.unwrap();
    assert_eq!(supply.text().await.unwrap(), "Nguồn hàng phù hợp");
    let together = browser
        .find(Locator::Css("p.note"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(together.starts_with("2 nguồn cùng đáp ứng đủ"), "{together}");
    let ranked = browser.find_all(Locator::Css("ol.offers > li")).await.unwrap();
    assert_eq!(ranked.len(), 2);
    let first = ranked[0].text().await.unwrap();
    assert!(
        first.contains("/100") && first.contains("Cách nơi giao hàng khoảng"),
        "{first}"
    );
    assert!(fits_width(browser).await, "the demand fits 360 px");
    browser.clone().close().await.unwrap();
    app.stop().await;
}

#[tokio::test]
async fn a_consumer_scans_the_tea_s_code_and_reads_its_journey_on_a_phone() {
    let app = TestApp::spawn(areas()).await;
    hoptac_cli::load_demo_province(&app.db.db, &app.clock, 2025)
        .await
        .unwrap();
    let said = hoptac_cli::load_demo_story(&app.db.db, &app.clock).await.unwrap();
    // The demo says where its packed lot's page is.
    let lot_page = said
        .iter()
        .find_map(|line| line.split("its packed lot's page: ").nth(1))
        .expect("the traceability demo's lot")
        .to_owned();
    let session = BrowserSession::start().await;
    let browser = &session.browser;
    browser.set_window_size(360, 800).await.unwrap();
    browser
        .goto(&app.url(&format!("/lang/vi?next={lot_page}")))
        .await
        .unwrap();
    let title = browser
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(title.trim_end_matches([' ', '★']), "Chè búp Tân Cương");
    let steps = browser.find_all(Locator::Css("ol.timeline > li")).await.unwrap();
    assert_eq!(steps.len(), 5, "picked, roasted, inspected, shipped, received");
    let first = steps[0].text().await.unwrap();
    assert!(
        first.starts_with("Thu hoạch, tạo lô") && first.contains("Đồi chè số 3"),
        "{first}"
    );
    let last = steps[4].text().await.unwrap();
    assert!(
        last.starts_with("Nhận hàng") && last.contains("Kho hàng Long Biên"),
        "{last}"
    );
    assert!(fits_width(browser).await, "the consumer's page fits 360 px");
    let violations = axe_violations(browser, &axe_source()).await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser.clone().close().await.unwrap();
    app.stop().await;
}
