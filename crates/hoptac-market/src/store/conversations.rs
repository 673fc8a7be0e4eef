//! Conversations between a buyer and a cooperative about a listing (and the demand it answers,
//! when there is one): opened with a first message by either side, read and written by whoever
//! may trade for one of the two organisations, each message told to the other side (see
//! [`hoptac_core::notifications`]). Messages are never edited.

use super::{listings, reach, refused, Reach};
use crate::domain::conversations::{ConversationInput, MessageInput};
use chrono::{DateTime, Utc};
use hoptac_core::access::{Permission, Scope};
use hoptac_core::audit::Actor;
use hoptac_core::notifications::{self, Notice};
use hoptac_core::sql::{fetch_page, Tx};
use hoptac_core::{gate, on_pool, Arg, Conditions, Context, Db, Page, Paging, StoreError, StoreResult};
use serde::Serialize;

/// A conversation as lists and its page show it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Conversation {
    pub id: i64,
    pub listing_id: i64,
    pub product_name: String,
    pub demand_id: Option<i64>,
    /// The demand's product as the buyer wrote it.
    pub demand_product: Option<String>,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub seller_id: i64,
    pub seller_name: String,
    pub created_at: DateTime<Utc>,
    pub last_message_at: DateTime<Utc>,
    pub message_count: i64,
}

/// One message.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Message {
    pub id: i64,
    /// The side that wrote: the conversation's buyer or seller.
    pub organisation_id: i64,
    /// The writer's name when it wrote.
    pub author: String,
    pub body: String,
    pub sent_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT c.id, c.listing_id, p.name AS product_name, c.demand_id, \
     d.product AS demand_product, c.buyer_id, b.name AS buyer_name, c.seller_id, s.name AS seller_name, \
     c.created_at, c.last_message_at, \
     (SELECT COUNT(*) FROM market_messages m WHERE m.conversation_id = c.id) AS message_count \
     FROM market_conversations c \
     JOIN market_listings l ON l.id = c.listing_id \
     JOIN ocop_products p ON p.id = l.product_id \
     LEFT JOIN market_demands d ON d.id = c.demand_id \
     JOIN organisations b ON b.id = c.buyer_id \
     JOIN organisations s ON s.id = c.seller_id";

/// The conversations of the organisations the person reaches (reads or trades for), the
/// liveliest first.
pub async fn list(db: &Db, actor: &Actor, paging: Paging) -> StoreResult<Page<Conversation>> {
    let mut c = Conditions::default();
    match reach(&actor.access) {
        Reach::Everything => {}
        Reach::Nothing => return Ok(Page::new(Vec::new(), 0, paging)),
        Reach::Organisations { condition, args } => c.push(
            &format!(
                "EXISTS (SELECT 1 FROM organisations o WHERE o.id IN (c.buyer_id, c.seller_id) \
                 AND {condition})"
            ),
            args,
        ),
    }
    let select = format!("{SELECT} {{where}} ORDER BY c.last_message_at DESC, c.id DESC");
    let count = "SELECT COUNT(*) FROM market_conversations c {where}";
    Ok(fetch_page(db, &select, count, &c, paging).await?)
}

/// One conversation and its messages, the oldest first; for anyone else than the two sides'
/// people, [`StoreError::NotFound`].
pub async fn get(db: &Db, actor: &Actor, id: i64) -> StoreResult<(Conversation, Vec<Message>)> {
    let conversation = find(db, id).await?;
    side_of(db, actor, &conversation).await?;
    let messages = on_pool!(db, |pool| sqlx::query_as::<_, Message>(
        "SELECT id, organisation_id, author, body, sent_at FROM market_messages \
         WHERE conversation_id = $1 ORDER BY id"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?;
    Ok((conversation, messages))
}

async fn find(db: &Db, id: i64) -> StoreResult<Conversation> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    on_pool!(db, |pool| sqlx::query_as::<_, Conversation>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await)?
    .ok_or(StoreError::NotFound)
}

/// The side the actor writes for: the organisation it holds a grant for when it holds one for
/// either side, else the buyer, else the seller, as it may trade for them. Someone who may trade
/// for neither does not see the conversation.
async fn side_of(db: &Db, actor: &Actor, c: &Conversation) -> StoreResult<i64> {
    let own = |id: i64| {
        actor
            .access
            .grants
            .iter()
            .any(|g| g.scope == Scope::Organisation(id) && g.role.permits(Permission::Trade))
    };
    for id in [c.buyer_id, c.seller_id] {
        if own(id) {
            return Ok(id);
        }
    }
    for id in [c.buyer_id, c.seller_id] {
        if gate::authorize(db, actor, Permission::Trade, id).await.is_ok() {
            return Ok(id);
        }
    }
    Err(StoreError::NotFound)
}

/// Opens a conversation about a listing with its first message, or, when the buyer already has
/// one about that listing (and demand), adds the message to it. Gives the conversation's id.
///
/// The buyer is the demand's when one is named, else `buyer_id`, else the one organisation the
/// writer trades for by a grant of its own. Refused, fields named: a listing or demand the writer
/// cannot see (`unknown_listing`, `unknown_demand`), a buyer that is the seller
/// (`same_as_seller`), no buyer to be found (`buyer_id` required), a writer who trades for
/// neither side (`cannot_trade_for`).
pub async fn open(cx: &Context, input: &ConversationInput) -> StoreResult<i64> {
    // The buyer as typed: its id, the form's suggestion or its name.
    let mut input = input.clone();
    hoptac_core::org::settle_typed_organisation(&cx.db, "buyer_id", &mut input.buyer_id).await?;
    let opening = input.validate().map_err(StoreError::Validation)?;
    let db = &cx.db;
    let listing = match listings::visible(db, &cx.actor, opening.listing_id, cx.today).await {
        Err(StoreError::NotFound) => {
            let value = opening.listing_id.to_string();
            return Err(refused("listing_id", "unknown_listing", vec![("value", value)]));
        }
        other => other?,
    };
    let buyer_id = match (opening.demand_id, opening.buyer_id) {
        (Some(demand_id), _) => match super::demands::get(db, &cx.actor, demand_id).await {
            Ok(demand) => demand.buyer_id,
            Err(StoreError::NotFound | StoreError::Forbidden) => {
                let value = demand_id.to_string();
                return Err(refused("demand_id", "unknown_demand", vec![("value", value)]));
            }
            Err(other) => return Err(other),
        },
        (None, Some(buyer_id)) => buyer_id,
        (None, None) => sole_buyer(&cx.actor, listing.organisation_id)
            .ok_or_else(|| refused("buyer_id", "required", Vec::new()))?,
    };
    if buyer_id == listing.organisation_id {
        return Err(refused("buyer_id", "same_as_seller", Vec::new()));
    }
    let writes_for_buyer = gate::authorize(db, &cx.actor, Permission::Trade, buyer_id).await;
    let writes_for_seller = gate::authorize(db, &cx.actor, Permission::Trade, listing.organisation_id).await;
    if writes_for_buyer.is_err() && writes_for_seller.is_err() {
        return Err(refused("buyer_id", "cannot_trade_for", Vec::new()));
    }
    let mut tx = Tx::begin(db).await?;
    let existing: Option<(i64,)> = tx
        .fetch_optional(
            "SELECT id FROM market_conversations WHERE buyer_id = $1 AND listing_id = $2 \
             AND COALESCE(demand_id, 0) = $3",
            &[
                Arg::I64(buyer_id),
                Arg::I64(listing.id),
                Arg::I64(opening.demand_id.unwrap_or(0)),
            ],
        )
        .await?;
    let id = match existing {
        Some((id,)) => id,
        None => {
            tx.insert_returning_id(
                "INSERT INTO market_conversations (listing_id, demand_id, buyer_id, seller_id, \
                 created_at, last_message_at) VALUES ($1, $2, $3, $4, $5, $5)",
                &[
                    Arg::I64(listing.id),
                    Arg::OptI64(opening.demand_id),
                    Arg::I64(buyer_id),
                    Arg::I64(listing.organisation_id),
                    Arg::Time(cx.now),
                ],
            )
            .await?
        }
    };
    tx.commit().await?;
    send(
        cx,
        id,
        &MessageInput {
            message: opening.message,
        },
    )
    .await?;
    Ok(id)
}

/// The one organisation other than `seller_id` the actor trades for by a grant of its own.
fn sole_buyer(actor: &Actor, seller_id: i64) -> Option<i64> {
    let mut own = actor.access.grants.iter().filter_map(|g| match g.scope {
        Scope::Organisation(id) if id != seller_id && g.role.permits(Permission::Trade) => Some(id),
        _ => None,
    });
    let first = own.next()?;
    own.all(|id| id == first).then_some(first)
}

/// Adds a message to a conversation, as the side the writer acts for, and tells the other side.
/// Gives the message's id.
pub async fn send(cx: &Context, conversation_id: i64, input: &MessageInput) -> StoreResult<i64> {
    let body = input.validate().map_err(StoreError::Validation)?;
    let conversation = find(&cx.db, conversation_id).await?;
    let side = side_of(&cx.db, &cx.actor, &conversation).await?;
    let other = if side == conversation.buyer_id {
        conversation.seller_id
    } else {
        conversation.buyer_id
    };
    let mut tx = Tx::begin(&cx.db).await?;
    let id = tx
        .insert_returning_id(
            "INSERT INTO market_messages (conversation_id, organisation_id, user_id, author, body, \
             sent_at) VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Arg::I64(conversation_id),
                Arg::I64(side),
                Arg::OptI64(cx.actor.user_id),
                Arg::Text(cx.actor.name.clone()),
                Arg::Text(body.clone()),
                Arg::Time(cx.now),
            ],
        )
        .await?;
    tx.execute(
        "UPDATE market_conversations SET last_message_at = $1 WHERE id = $2",
        &[Arg::Time(cx.now), Arg::I64(conversation_id)],
    )
    .await?;
    let from = if side == conversation.buyer_id {
        &conversation.buyer_name
    } else {
        &conversation.seller_name
    };
    let notice = Notice {
        organisation_id: other,
        topic: format!("market-message:{id}"),
        message: "notify-market_message",
        args: vec![
            ("from", from.clone()),
            ("product", conversation.product_name.clone()),
            ("excerpt", excerpt(&body)),
        ],
        link: format!("/market/conversations/{conversation_id}#message-{id}"),
    };
    notifications::tell(&mut tx, &notice, cx.now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The first words of a message, for a notification: at most 120 characters, on one line.
fn excerpt(body: &str) -> String {
    let line = hoptac_core::text::tidy(body);
    match line.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}
