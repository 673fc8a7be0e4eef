//! The home page: the signed-in person's roles, each with the way into its records, then the
//! sections the areas give it (the officer's dashboard, the registry at a glance...).

use crate::ctx::Ctx;
use crate::error::{PageError, StoreOutcome};
use crate::routes::render;
use crate::ui::{Chrome, Tr};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use hoptac_core::access::Scope;
use hoptac_core::roles;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    t: Tr,
    chrome: Chrome,
    /// The signed-in person's roles, each with a link to its records.
    my_roles: Vec<(String, Option<String>)>,
    /// The areas' sections, as HTML, in their order.
    sections: Vec<String>,
}

pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, PageError> {
    // A signed-in person starts from what is theirs: each role with the way into its records.
    let my_roles = match &ctx.user {
        Some(user) => roles::of_user(state.db(), user.id)
            .await
            .or_page(ctx.lang)?
            .iter()
            .map(|g| {
                let href = match &g.scope {
                    Scope::Country => Some("/organisations".to_owned()),
                    Scope::Province(code) => Some(format!("/organisations?province={code}")),
                    Scope::Commune(_) => match (&g.commune_code, &g.commune_era) {
                        (Some(code), Some(era)) => {
                            Some(format!("/organisations?commune={code}&commune_era={era}"))
                        }
                        _ => None,
                    },
                    Scope::Organisation(id) => Some(format!("/organisations/{id}")),
                    Scope::Round(_) => None,
                };
                (super::invitations::grant_text(g, ctx.lang), href)
            })
            .collect(),
        None => Vec::new(),
    };
    let mut sections = Vec::new();
    for (_, section) in &state.areas().home {
        sections.extend(section(&state, &ctx).await?);
    }
    render(HomePage {
        t: Tr::new(ctx.lang),
        chrome: Chrome::new(&ctx),
        my_roles,
        sections,
    })
}

/// A home page section of work waiting for the person: each item a sentence and the page where it
/// is done.
#[derive(Template)]
#[template(path = "_work.html")]
struct WorkSection<'a> {
    id: &'a str,
    heading: &'a str,
    items: &'a [(String, String)],
}

/// An area's section of work to do, as HTML: `id` names it on the page, `heading` is its title in
/// the person's words; nothing when there is no work.
pub fn work_section(
    lang: hoptac_core::Lang,
    id: &str,
    heading: &str,
    items: &[(String, String)],
) -> Result<Option<String>, PageError> {
    if items.is_empty() {
        return Ok(None);
    }
    WorkSection { id, heading, items }
        .render()
        .map(Some)
        .map_err(|e| PageError::Internal(lang, e.to_string()))
}

/// The one search: every area's results for the words, without diacritics (organisations, OCOP
/// products, certificates by number), each with the way to the whole list.
#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    t: Tr,
    chrome: Chrome,
    q: String,
    sections: Vec<String>,
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::extract::Query(query): crate::extract::Query<SearchQuery>,
) -> Result<Response, PageError> {
    let q = query.q.unwrap_or_default().trim().to_owned();
    let mut sections = Vec::new();
    if !q.is_empty() {
        for (_, section) in &state.areas().search {
            sections.extend(section(&state, &ctx, &q).await?);
        }
    }
    render(SearchPage {
        t: Tr::new(ctx.lang),
        chrome: Chrome::new(&ctx),
        q,
        sections,
    })
}

/// One area's results on the search page: a heading, up to a few items (a name and its page, with
/// a line of detail), and the link to all of them when there are more.
#[derive(Template)]
#[template(path = "_found.html")]
struct FoundSection<'a> {
    heading: &'a str,
    items: &'a [(String, String, String)],
    all: Option<(&'a str, String)>,
}

/// An area's search results as HTML: `items` are (name, address, detail), `all` the words and the
/// address of the whole list when there are more; nothing when nothing was found.
pub fn found_section(
    lang: hoptac_core::Lang,
    heading: &str,
    items: &[(String, String, String)],
    all: Option<(&str, String)>,
) -> Result<Option<String>, PageError> {
    if items.is_empty() {
        return Ok(None);
    }
    super::render_fragment(lang, FoundSection { heading, items, all }).map(Some)
}
