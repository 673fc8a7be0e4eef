//! The pages of conversations between buyers and cooperatives: the list of one's conversations,
//! opening one about a listing (and the demand it answers), and a conversation with its messages
//! and the way on to a contract.

use super::tr;
use crate::domain::conversations::{ConversationInput, MessageInput};
use crate::store::conversations::{self, Conversation};
use crate::store::{demands, listings};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hoptac_core::numbers::format_moment;
use hoptac_core::{FieldErrors, Paging};
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{PageError, StoreOutcome};
use hoptac_web::extract::{HtmlForm, Path, Query};
use hoptac_web::routes::{blank, render, render_form};
use hoptac_web::ui::{Chrome, FormErrors, Tr};
use hoptac_web::AppState;
use serde::Deserialize;

/// A conversation as a row of the list.
struct Row {
    id: i64,
    product_name: String,
    buyer_name: String,
    seller_name: String,
    demand_product: Option<String>,
    when: String,
    messages: String,
}

fn row(t: Tr, c: &Conversation) -> Row {
    Row {
        id: c.id,
        product_name: c.product_name.clone(),
        buyer_name: c.buyer_name.clone(),
        seller_name: c.seller_name.clone(),
        demand_product: c.demand_product.clone(),
        when: format_moment(c.last_message_at),
        messages: t.count("market-message_count", c.message_count, &[]),
    }
}

#[derive(Template)]
#[template(path = "market_conversations.html")]
struct ConversationsPage {
    t: Tr,
    chrome: Chrome,
    rows: Vec<Row>,
    total_text: String,
    prev_href: Option<String>,
    next_href: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    page: Option<i64>,
}

/// The conversations of the organisations the person trades for, the liveliest first.
pub async fn conversations_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let t = tr(ctx.lang);
    let found = conversations::list(state.db(), &actor, Paging::new(q.page, None))
        .await
        .or_page(ctx.lang)?;
    let (prev_href, next_href) = hoptac_web::ui::pager(&found, |n| format!("/market/conversations?page={n}"));
    render(ConversationsPage {
        t,
        chrome: Chrome::new(&ctx),
        total_text: t.count("market-conversation_count", found.total, &[]),
        rows: found.items.iter().map(|c| row(t, c)).collect(),
        prev_href,
        next_href,
    })
}

/// What a conversation about to be opened is about, as its form shows it.
struct About {
    product_name: String,
    seller_name: String,
    demand_product: Option<String>,
    buyer_name: Option<String>,
}

#[derive(Template)]
#[template(path = "market_conversation_form.html")]
struct OpeningPage {
    t: Tr,
    chrome: Chrome,
    about: About,
    input: ConversationInput,
    errors: FormErrors,
}

impl OpeningPage {
    fn value<'a>(&self, v: &'a Option<String>) -> &'a str {
        v.as_deref().unwrap_or("")
    }
}

/// The form that opens a conversation, with what it is about.
async fn opening_form(
    state: &AppState,
    ctx: &Ctx,
    input: ConversationInput,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let lang = ctx.lang;
    let actor = ctx.page_actor()?;
    let listing_id = blank(&input.listing_id).and_then(|id| id.parse::<i64>().ok());
    let Some(listing_id) = listing_id else {
        return Err(PageError::from_store(hoptac_core::StoreError::NotFound, lang));
    };
    let listing = listings::visible(state.db(), &actor, listing_id, state.clock().today())
        .await
        .or_page(lang)?;
    let demand = match blank(&input.demand_id).and_then(|id| id.parse::<i64>().ok()) {
        Some(id) => Some(demands::get(state.db(), &actor, id).await.or_page(lang)?),
        None => None,
    };
    let page = OpeningPage {
        t: tr(lang),
        chrome: Chrome::new(ctx),
        about: About {
            product_name: listing.product_name,
            seller_name: listing.organisation_name,
            demand_product: demand.as_ref().map(|d| d.product.clone()),
            buyer_name: demand.map(|d| d.buyer_name),
        },
        input,
        errors: FormErrors::new(lang, errors),
    };
    render_form(!page.errors.is_empty(), page)
}

#[derive(Debug, Default, Deserialize)]
pub struct OpeningQuery {
    listing_id: Option<String>,
    demand_id: Option<String>,
}

pub async fn new_conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<OpeningQuery>,
) -> Result<Response, PageError> {
    let input = ConversationInput {
        listing_id: q.listing_id,
        demand_id: q.demand_id,
        ..ConversationInput::default()
    };
    opening_form(&state, &ctx, input, FieldErrors::new()).await
}

pub async fn open_conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    HtmlForm(input): HtmlForm<ConversationInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match conversations::open(&state.context(&actor), &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(id) => Ok(Redirect::to(&format!("/market/conversations/{id}#last")).into_response()),
        Err(errors) => opening_form(&state, &ctx, input, errors).await,
    }
}

struct MessageRow {
    id: i64,
    author: String,
    side: String,
    when: String,
    body: String,
    last: bool,
}

#[derive(Template)]
#[template(path = "market_conversation.html")]
struct ConversationPage {
    t: Tr,
    chrome: Chrome,
    c: Conversation,
    messages: Vec<MessageRow>,
    contract_href: String,
    body: String,
    errors: FormErrors,
}

impl ConversationPage {
    fn demand_product(&self) -> &str {
        self.c.demand_product.as_deref().unwrap_or("")
    }
}

async fn conversation_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    body: String,
    errors: FieldErrors,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    let lang = ctx.lang;
    let (c, messages) = conversations::get(state.db(), &actor, id).await.or_page(lang)?;
    let count = messages.len();
    let messages = messages
        .into_iter()
        .enumerate()
        .map(|(i, m)| MessageRow {
            side: if m.organisation_id == c.buyer_id {
                c.buyer_name.clone()
            } else {
                c.seller_name.clone()
            },
            id: m.id,
            author: m.author,
            when: format_moment(m.sent_at),
            body: m.body,
            last: i + 1 == count,
        })
        .collect();
    let contract_href = match c.demand_id {
        Some(demand) => format!(
            "/market/contracts/new?demand_id={demand}&listing_id={}",
            c.listing_id
        ),
        None => format!(
            "/market/contracts/new?buyer_id={}&listing_id={}",
            c.buyer_id, c.listing_id
        ),
    };
    let page = ConversationPage {
        t: tr(lang),
        chrome: Chrome::new(ctx),
        c,
        messages,
        contract_href,
        body,
        errors: FormErrors::new(lang, errors),
    };
    render_form(!page.errors.is_empty(), page)
}

pub async fn conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    conversation_page(&state, &ctx, id, String::new(), FieldErrors::new()).await
}

pub async fn send_message(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    HtmlForm(input): HtmlForm<MessageInput>,
) -> Result<Response, PageError> {
    let actor = ctx.page_actor()?;
    match conversations::send(&state.context(&actor), id, &input)
        .await
        .or_form(ctx.lang)?
    {
        Ok(_) => Ok(Redirect::to(&format!("/market/conversations/{id}#last")).into_response()),
        Err(errors) => conversation_page(&state, &ctx, id, input.message, errors).await,
    }
}
