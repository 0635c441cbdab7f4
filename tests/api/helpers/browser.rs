//! A browser without JavaScript: a cookie jar, forms posted as `application/x-www-form-urlencoded`
//! with the anti-forgery token of the page they came from, and redirects followed by hand so
//! tests can see every `Location`.

use std::cell::RefCell;

use reqwest::blocking::{Client, Response};
use reqwest::header::HeaderMap;

use super::TestApp;

pub struct Browser {
    base: String,
    client: Client,
    /// Every `Location` header this browser was sent.
    pub locations: RefCell<Vec<String>>,
    /// The second factors the helpers enrolled, to answer the login form's `totp` field.
    totp: super::TotpBook,
}

pub struct Page {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    /// The invitation code as a reader sees it: the page lets a line break only between its
    /// groups.
    pub fn invite_code(&self) -> String {
        let marker = "id=\"invite-code\">";
        let start = self.body.find(marker).expect(marker) + marker.len();
        let end = self.body[start..]
            .find("</p>")
            .expect("the code's paragraph ends");
        self.body[start..start + end]
            .replace("<wbr>", "")
            .trim()
            .to_owned()
    }

    fn from(response: Response) -> Page {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().expect("a readable body");
        Page {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    pub fn location(&self) -> String {
        self.header("location")
    }

    /// Every `Set-Cookie` line.
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The anti-forgery token of the page's forms.
    pub fn csrf(&self) -> String {
        value_after(&self.body, "name=\"csrf\" value=\"").unwrap_or_default()
    }

    /// The first link to an object under `prefix` (`/participants/` finds `/participants/{id}`,
    /// never the `/participants/new` of the menu).
    pub fn link_to(&self, prefix: &str) -> String {
        let marker = format!("href=\"{prefix}");
        self.body
            .match_indices(&marker)
            .map(|(at, _)| {
                let start = at + "href=\"".len();
                let end = self.body[start..].find('"').expect("a closed href");
                self.body[start..start + end].to_owned()
            })
            .find(|path| {
                let rest = &path[prefix.len()..];
                !rest.is_empty() && !rest.starts_with("new")
            })
            .unwrap_or_else(|| panic!("no link under {prefix}"))
    }

    /// The value of the hidden `version` field.
    pub fn version(&self) -> String {
        value_after(&self.body, "name=\"version\" value=\"").expect("a version field")
    }
}

fn value_after(body: &str, marker: &str) -> Option<String> {
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    Some(body[start..start + end].to_owned())
}

impl Browser {
    pub fn new(app: &TestApp) -> Browser {
        Browser {
            base: app.address.clone(),
            client: Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("browser client"),
            locations: RefCell::new(Vec::new()),
            totp: app.totp.clone(),
        }
    }

    fn seen(&self, response: Response) -> Page {
        let page = Page::from(response);
        let location = page.location();
        if !location.is_empty() {
            self.locations.borrow_mut().push(location);
        }
        page
    }

    pub fn get(&self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .expect("the page answers");
        self.seen(response)
    }

    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .expect("the form is posted");
        self.seen(response)
    }

    /// Opens `page`, then posts its form to `action` with the page's token and `fields`.
    pub fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let form_page = self.get(page);
        assert_eq!(form_page.status, 200, "{page} did not open");
        let csrf = form_page.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all)
    }

    /// After a 303: the page it points to.
    pub fn follow(&self, page: Page) -> Page {
        assert_eq!(page.status, 303, "expected a redirect: {}", page.body);
        self.get(&page.location())
    }

    /// Logs in through the login form; returns the redirect. Staff whom the helpers enrolled in
    /// the second factor type their next one-time code into the form's `totp` field.
    pub fn login(&self, username: &str, password: &str) -> Page {
        let code = match self.totp.next_code(username) {
            Some(super::NextCode::Step(code, step)) => Some((code, Some(step))),
            Some(super::NextCode::Recovery(code)) => Some((code, None)),
            None => None,
        };
        let mut fields = vec![("username", username), ("password", password)];
        if let Some((code, _)) = &code {
            fields.push(("totp", code.as_str()));
        }
        let page = self.submit("/login", "/login", &fields);
        if let (303, Some((_, Some(step)))) = (page.status, code) {
            self.totp.accepted(username, step);
        }
        page
    }
}
