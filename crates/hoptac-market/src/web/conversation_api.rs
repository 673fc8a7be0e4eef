//! Conversations in the API under `/api/v1/market/conversations`: those of the organisations the
//! caller trades for, opening one about a listing (and demand), reading it, and sending messages.
//! The store checks that the caller trades for one of the two sides.

use super::paging;
use super::promotion_api::created;
use crate::domain::conversations::{ConversationInput, MessageInput};
use crate::store::conversations::{self, Conversation, Message};
use axum::extract::State;
use axum::response::IntoResponse;
use axum::Json;
use hoptac_core::Page;
use hoptac_web::ctx::Ctx;
use hoptac_web::error::{ApiError, ErrorBody, StoreOutcome};
use hoptac_web::extract::{ApiJson, Path, Query};
use hoptac_web::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which page of conversations.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ConversationQuery {
    /// From 1.
    pub page: Option<String>,
    /// At most 200; 24 by default.
    pub per_page: Option<String>,
}

/// A conversation with its messages, the oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationOut {
    #[serde(flatten)]
    pub conversation: Conversation,
    pub messages: Vec<Message>,
}

async fn conversation_out(state: &AppState, ctx: &Ctx, id: i64) -> Result<ConversationOut, ApiError> {
    let actor = ctx.api_actor()?;
    let (conversation, messages) = conversations::get(state.db(), &actor, id)
        .await
        .or_api(ctx.lang)?;
    Ok(ConversationOut {
        conversation,
        messages,
    })
}

/// The conversations of the organisations the caller reads or trades for, the liveliest first.
#[utoipa::path(get, path = "/api/v1/market/conversations", tag = "market", params(ConversationQuery),
    responses((status = 200, body = Page<Conversation>), (status = 401, body = ErrorBody)))]
pub async fn list_conversations(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ConversationQuery>,
) -> Result<Json<Page<Conversation>>, ApiError> {
    let actor = ctx.api_actor()?;
    let found = conversations::list(state.db(), &actor, paging(&q.page, &q.per_page))
        .await
        .or_api(ctx.lang)?;
    Ok(Json(found))
}

/// Opens a conversation about a listing with its first message (`message`), or adds the message
/// to the one the buyer already has about it; the other side is notified.
#[utoipa::path(post, path = "/api/v1/market/conversations", tag = "market", request_body = ConversationInput,
    responses((status = 201, body = ConversationOut), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ConversationInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let id = conversations::open(&state.context(&actor), &input)
        .await
        .or_api(ctx.lang)?;
    let out = conversation_out(&state, &ctx, id).await?;
    Ok(created(format!("/api/v1/market/conversations/{id}"), out))
}

/// One conversation with its messages, for the people of its two sides.
#[utoipa::path(get, path = "/api/v1/market/conversations/{id}", tag = "market",
    responses((status = 200, body = ConversationOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_conversation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Result<Json<ConversationOut>, ApiError> {
    Ok(Json(conversation_out(&state, &ctx, id).await?))
}

/// Sends a message in a conversation, for the side the caller trades for; the other side is
/// notified.
#[utoipa::path(post, path = "/api/v1/market/conversations/{id}/messages", tag = "market", request_body = MessageInput,
    responses((status = 201, body = ConversationOut), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn send_message(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MessageInput>,
) -> Result<impl IntoResponse, ApiError> {
    let actor = ctx.api_actor()?;
    let message = conversations::send(&state.context(&actor), id, &input)
        .await
        .or_api(ctx.lang)?;
    let out = conversation_out(&state, &ctx, id).await?;
    Ok(created(
        format!("/api/v1/market/conversations/{id}#message-{message}"),
        out,
    ))
}
