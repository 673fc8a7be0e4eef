//! The registry in a real headless browser (Debian's chromium, driven through chromedriver): sign in,
//! create a cooperative with the form, find it by a search typed without diacritics.
// Helpers outside #[test] functions unwrap too: a broken fixture should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fantoccini::{ClientBuilder, Locator};
use hoptac_web::testing::{TestApp, PASSWORD, USERNAME};
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
    let type_into = |css: &'static str, text: &'static str| {
        let browser = &browser;
        async move {
            browser
                .find(Locator::Css(css))
                .await
                .unwrap()
                .send_keys(text)
                .await
                .unwrap()
        }
    };
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
    assert_eq!(browser.current_url().await.unwrap().path(), "/login");
    type_into("#username", USERNAME).await;
    type_into("#password", PASSWORD).await;
    click_and_wait_for_new_page(&browser, Locator::Css("form.form button[type=submit]")).await;
    assert_eq!(browser.current_url().await.unwrap().path(), "/organisations/new");

    // Fill the form as an officer would.
    type_into("#name", "HTX Rau sạch Đồng Hỷ").await;
    type_into("#tax_code", "0300588569").await;
    // Date inputs take keys in the browser's own format; set the value the way a date picker does.
    browser
        .execute(
            "document.getElementById('founding_date').value = '2019-03-15';",
            vec![],
        )
        .await
        .unwrap();
    browser
        .find(Locator::Css("input[name=sectors][value=agriculture]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .find(Locator::Css("#commune_era option[value='2008']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    type_into("#commune", "01834").await;
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
    type_into("input[name=q]", "htx rau sach dong hy").await;
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
