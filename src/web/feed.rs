//! What readers (peers, policy makers, council) see: their audience's feed, by theme, in pages,
//! and one item. The same use cases as `GET /feed` and `GET /feed/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;
use serde::Deserialize;

use super::errors::{FormErrors, WebError, html};
use super::labels::{self, ThemeLabel};
use super::visitor::{Chrome, Visitor};
use crate::domain::{FeedItemId, Role};
use crate::error::AppError;
use crate::service::FeedItem;

const PAGE_SIZE: u32 = 50;
const READERS: &[Role] = &[Role::Peer, Role::PolicyMaker, Role::Council];

pub struct ItemView {
    pub id: String,
    pub text: String,
    pub themes: Vec<ThemeLabel>,
    pub month: String,
}

pub struct ThemeOption {
    pub id: String,
    pub label: ThemeLabel,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "reader/feed.html")]
struct FeedPage {
    c: Chrome,
    items: Vec<ItemView>,
    themes: Vec<ThemeOption>,
    theme: String,
    next: Option<String>,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "reader/item.html")]
struct ItemPage {
    c: Chrome,
    item: ItemView,
}

#[derive(Deserialize)]
pub struct FeedQuery {
    theme: Option<String>,
    after: Option<String>,
}

fn view(v: &Visitor, entry: FeedItem) -> ItemView {
    let policies = v.svc.policies();
    ItemView {
        id: entry.id.to_string(),
        text: entry.text,
        themes: entry
            .themes
            .iter()
            .map(|id| labels::theme(policies, v.lang, id))
            .collect(),
        month: labels::month(&v.texts(), &entry.recorded_month),
    }
}

#[get("/feed")]
pub async fn feed(v: Visitor, query: web::Query<FeedQuery>) -> Result<HttpResponse, WebError> {
    let caller = v.require(READERS)?;
    let FeedQuery { theme, after } = query.into_inner();
    let theme = theme.filter(|t| !t.is_empty());
    let after = match after.filter(|a| !a.is_empty()) {
        Some(a) => Some(FeedItemId::parse(&a).ok_or_else(|| v.fail()(AppError::NotFound))?),
        None => None,
    };
    let (page, errors, status) = match v.svc.feed(&caller, PAGE_SIZE, after, theme.clone()).await {
        Ok(page) => (Some(page), FormErrors::none(), StatusCode::OK),
        Err(e) => {
            let (errors, status) =
                FormErrors::from_app(&v.texts(), e, &[], "theme").map_err(v.fail())?;
            (None, errors, status)
        }
    };
    let chosen = theme.clone().unwrap_or_default();
    let themes = v
        .svc
        .policies()
        .themes
        .iter()
        .map(|t| ThemeOption {
            id: t.id.clone(),
            label: labels::theme(v.svc.policies(), v.lang, &t.id),
            selected: t.id == chosen,
        })
        .collect();
    let (items, next) = match page {
        Some(p) => (
            p.items.into_iter().map(|i| view(&v, i)).collect(),
            p.next.map(|n| n.to_string()),
        ),
        None => (Vec::new(), None),
    };
    let page = FeedPage {
        c: v.chrome(),
        items,
        themes,
        theme: chosen,
        next,
        errors,
    };
    Ok(html(status, &page))
}

#[get("/feed/{id}")]
pub async fn feed_item(v: Visitor, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let caller = v.require(READERS)?;
    let id = FeedItemId::parse(&id).ok_or_else(|| v.fail()(AppError::NotFound))?;
    let item = v.svc.feed_item(&caller, id).await.map_err(v.fail())?;
    let page = ItemPage {
        item: view(&v, item),
        c: v.chrome(),
    };
    Ok(html(StatusCode::OK, &page))
}
