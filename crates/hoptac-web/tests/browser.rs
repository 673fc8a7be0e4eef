//! The registry in a real headless browser (Debian's chromium, driven through chromedriver): sign in,
//! create a cooperative with the form, find it by a search typed without diacritics.

mod common;

use common::{TestApp, PASSWORD, USERNAME};
use fantoccini::{ClientBuilder, Locator};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A chromedriver process on a free port, stopped when dropped.
struct ChromeDriver {
    child: Child,
    url: String,
}

impl ChromeDriver {
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

#[tokio::test]
async fn sign_in_create_a_cooperative_and_find_it_without_diacritics() {
    let app = TestApp::spawn().await;
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

    // Vietnamese, chosen with the language switch, whatever the browser asks for.
    browser.goto(&app.url("/lang/vi?next=/")).await.unwrap();
    // Sign in; the sign-in page sends the officer on to the form asked for.
    browser.goto(&app.url("/organisations/new")).await.unwrap();
    assert!(browser.current_url().await.unwrap().path().starts_with("/login"));
    browser
        .find(Locator::Id("username"))
        .await
        .unwrap()
        .send_keys(USERNAME)
        .await
        .unwrap();
    browser
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    browser
        .find(Locator::Css("form.form button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait().for_element(Locator::Id("name")).await.unwrap();
    assert_eq!(browser.current_url().await.unwrap().path(), "/organisations/new");

    // Fill the form as an officer would.
    browser
        .find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("HTX Rau sạch Đồng Hỷ")
        .await
        .unwrap();
    browser
        .find(Locator::Id("tax_code"))
        .await
        .unwrap()
        .send_keys("0300588569")
        .await
        .unwrap();
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
    browser
        .find(Locator::Id("commune"))
        .await
        .unwrap()
        .send_keys("01834")
        .await
        .unwrap();
    browser
        .find(Locator::Css("form.form .actions button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    let heading = browser.wait().for_element(Locator::Css("h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "HTX Rau sạch Đồng Hỷ");
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/organisations/"));

    // Find it again by typing without diacritics.
    browser.goto(&app.url("/organisations")).await.unwrap();
    browser
        .find(Locator::Css("input[name=q]"))
        .await
        .unwrap()
        .send_keys("htx rau sach dong hy")
        .await
        .unwrap();
    browser
        .find(Locator::Css("form.filters .actions button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let link = browser
        .wait()
        .for_element(Locator::LinkText("HTX Rau sạch Đồng Hỷ"))
        .await
        .unwrap();
    let status = browser
        .find(Locator::Css("p.count"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Tìm thấy 1 tổ chức.");
    link.click().await.unwrap();
    browser.wait().for_element(Locator::Css("h1")).await.unwrap();
    assert_eq!(
        browser
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "HTX Rau sạch Đồng Hỷ"
    );

    browser.close().await.unwrap();
    app.stop().await;
}
