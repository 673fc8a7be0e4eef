-- Conversations between a buyer and a cooperative about a listing (and the demand it answers,
-- when there is one), the way from a match to a contract. Messages are never edited.
-- Kept in step with migrations/postgres/0035_market_conversations.sql.
CREATE TABLE market_conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id INTEGER NOT NULL REFERENCES market_listings (id),
    demand_id INTEGER REFERENCES market_demands (id),
    buyer_id INTEGER NOT NULL REFERENCES organisations (id),
    seller_id INTEGER NOT NULL REFERENCES organisations (id),
    created_at TEXT NOT NULL,
    -- When the last message was sent: the lists put the liveliest first.
    last_message_at TEXT NOT NULL
);
-- One conversation a buyer, listing and demand (or none).
CREATE UNIQUE INDEX market_conversations_once ON market_conversations (buyer_id, listing_id, COALESCE(demand_id, 0));
CREATE INDEX market_conversations_by_buyer ON market_conversations (buyer_id, last_message_at);
CREATE INDEX market_conversations_by_seller ON market_conversations (seller_id, last_message_at);

CREATE TABLE market_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES market_conversations (id),
    -- The party that wrote: the conversation's buyer or seller.
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    user_id INTEGER REFERENCES users (id),
    -- The writer's name at the time.
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
CREATE INDEX market_messages_by_conversation ON market_messages (conversation_id, id);
