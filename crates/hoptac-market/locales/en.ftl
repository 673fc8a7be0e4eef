### Market linkage: listings, demands and matching.
### English.
nav-market = Market
market-title = Market linkage
market-lead = Cooperatives' products on offer, with their season, volume, price and the OCOP stars that hold today. Search with or without diacritics.
market-filters = Filter the listings
market-search_hint = A product or cooperative, e.g. che tan cuong
market-producer_province = Producer's province
market-min_stars_filter = At least OCOP stars
market-in_season = In season in
market-certified_only = Only products whose OCOP certificate holds
market-count =
    { $count ->
        [one] { $n } listing found.
       *[other] { $n } listings found.
    }
market-new_listing = List a product
market-edit_listing = Edit the listing
market-listing_description = Description (grade, packing)
market-product_hint = A product in the organisation's OCOP records; its stars and certificate come from them.
market-product_id_hint = To choose from a list, open the cooperative's page (Registry) and press "List a product"; or type the OCOP product's number (the last number of its page's address).
market-price_hint = Đồng per unit; leave the highest price blank for a single price.
market-delivers_to_hint = Blank: delivers nationwide. The producer's own province always counts.
market-product_record = OCOP product record
market-unit = Unit
market-notes = Notes
market-price = Asking price
market-price_per = { $price } đ/{ $unit }
market-price_range = { $min }–{ $max } đ/{ $unit }
market-per_month = { $quantity }/month
market-all_year = All year
market-month = Month { $month }
market-months = Months { $from }–{ $to }
market-nationwide = Nationwide
market-listed_on = Listed on
market-vietgap = VietGAP
market-organic = Organic
market-quality_declared = Quality declared
market-demands_answered = Demands it answers
market-no_demands_answered = No open demand matches this product yet.
market-listings_of = Listings ({ $n })
market-all_listings = See all { $n } listings
market-demands = Demands
market-demands_lead = Enterprises, supermarkets, OCOP shops and other provinces' alliances buying; each demand lists the supply that answers it, from every province.
market-demand_search_hint = A product or a buyer
market-demand_count =
    { $count ->
        [one] { $n } demand.
       *[other] { $n } demands.
    }
market-new_demand = Post a demand
market-edit_demand = Edit the demand
market-buyer_hint = Type the buying enterprise's name or tax code and choose it from the list.
market-demand_product_hint = The product's main words, e.g. "Chè búp" or "Gạo hữu cơ": supply is matched on them.
market-ceiling_hint = Đồng per unit; blank for no ceiling.
market-any_product = Not required
market-to = delivered to
market-period = { $from } – { $to }
market-delivery_period = Delivery period
market-requirements = Requirements
market-wants_stars = OCOP of { $stars } stars or more
market-wants_stars_through = OCOP of { $stars } stars or more, certificate holding through the delivery period
market-wants_ceiling = at most { $price }
market-supply = Supply that answers
market-supply_hint = Ranked by a score out of 100: quantity supplied (40), OCOP stars (20), distance to the delivery province (25) and price against the cheapest (15).
market-score_hint = Match score out of 100
market-no_supply = No listing answers this demand yet.
market-not_answering = The same product, not answering
market-together_covers = { $n } listings meet it together ({ $quantity }): { $listings }.
market-together_short = All { $n } listings together give { $quantity }, short of the quantity: { $listings }.
market-reason_words = The product's name matches { $found } of { $of } words
market-reason_supply = Supplies { $percent }% of the quantity ({ $quantity } over the delivery period)
market-reason_part_season = Only { $in_season } of the period's { $months } months are in season
market-reason_stars = OCOP { $stars } stars, certificate expiring on { $until }
market-reason_no_certificate = No OCOP certificate holding on the first delivery day
market-reason_same_province = In the delivery province
market-reason_distance = About { $km } km from the delivery province (straight line)
market-reason_cheapest = The cheapest of the listings that answer
market-reason_dearer = { $percent }% dearer than the cheapest
market-excluded_group = another product group
market-excluded_measure = sold by { $unit }, which does not convert
market-excluded_season = nothing in season during the period
market-excluded_delivery = does not deliver to that province
market-excluded_min_order = minimum order { $quantity }
market-excluded_stars = needs OCOP { $wanted } stars or more, the product holds { $held }
market-excluded_no_certificate = needs OCOP { $wanted } stars or more, the product holds no certificate on the first delivery day
market-excluded_expires = its OCOP certificate expires on { $date }, before the deliveries end
market-excluded_vietgap = not VietGAP
market-excluded_organic = not certified organic
market-excluded_ceiling = its price { $price } is above the ceiling { $ceiling }
field-season = Season (months on offer)
field-monthly_volume = Volume a month
field-price_min = Lowest price
field-price_max = Highest price
field-min_order = Minimum order
field-delivers_to = Delivers to
field-vietgap = VietGAP
field-organic = Certified organic
field-buyer_id = Buyer
field-quantity = Quantity
field-starts_on = Deliveries from
field-ends_on = Deliveries until
field-delivery_province = Delivery province
field-min_stars = At least OCOP stars
field-certificate_through_period = The OCOP certificate must hold through the delivery period
field-price_ceiling = Price ceiling
field-month = Month
check-cannot_trade_for = { $field }: your account may not trade for this organisation.
check-not_positive = { $field }: must be above 0.
check-below_price_min = { $field }: below the lowest price.
check-above_monthly_volume = { $field }: above the volume a month.
check-not_a_month = { $field }: "{ $value }" is not a month (1 to 12).
check-no_words = { $field }: needs at least one word of letters or digits.
check-before_start = { $field }: before the first day.
check-period_too_long = { $field }: longer than { $years } years.
check-in_past = { $field }: already past.
check-needs_min_stars = { $field }: choose the least OCOP stars first.
Unit-kg = kg
Unit-quintal = quintals (100 kg)
Unit-tonne = tonnes
Unit-litre = litres
Unit-piece = pieces
Unit-box = boxes
Unit-bottle = bottles
Unit-pack = packs
ListingState-active = On offer
ListingState-paused = Paused
ListingState-closed = Closed
DemandState-open = Open
DemandState-met = Met
DemandState-withdrawn = Withdrawn
audit-entity-market_listing = market listing
audit-entity-market_demand = demand
market-contracts = Linkage contracts
market-contracts_lead = Contracts and memoranda your organisation is party to, or of the places you look after.
market-no_contracts = No contract yet.
market-new_contract = Write a linkage contract
market-new_terms = Change the terms (a new version)
market-contract_name = Contract name
market-contract_kind = Kind of document
market-contract_starts = In force from
market-contract_ends = Until
market-contract_period = Term
market-contract_value = Value
market-lines_hint = One line per product of a selling cooperative; blank lines are left out. Seller: type a name or tax code and choose.
market-schedule_hint = Each delivery due: which line, which day, how much (in the line's unit). Blank rows are left out.
market-note_hint = What this version changes, for every party to follow.
market-dong = { $amount } đồng
market-parties = Parties
market-from_demand = Came of the demand
market-demand_link = See the demand
market-signed_terms = Signed terms
market-latest_terms = Terms (latest version)
market-delivered = Delivered
market-signatures = Signatures
market-no_signatures = No party has signed this version yet.
market-awaiting = Awaiting
market-sign_for = Sign for
market-sign_hint = Signs the latest version; once every party has signed, the contract holds from its first day.
market-sign = Sign
market-signed_by = { $party }: signed by { $person } at { $at }
market-change_state = Change the state
market-new_state = New state
market-reason_hint = Required to terminate before the term.
market-state_change = { $state }: { $person }, { $at }
market-deliveries = Deliveries
market-fulfilment = Fulfilment
market-by_value = by value
market-by_quantity = by quantity
market-delivered_value = { $delivered } of { $agreed } đồng delivered
market-record_delivery = Record a delivery
market-value_hint = Đồng; blank for the line's price.
market-versions = Versions of the terms
market-version = Version
market-signed_version = the signed version
market-state_history = States
market-make_contract = Write a contract from this demand
field-contract_number = Contract number
field-change_note = What changed
field-lines = Lines
field-schedule = Delivery schedule
field-seller_id = Seller
field-price = Unit price (đồng)
field-line = Line
field-due_on = Due on
field-price_terms = Price and payment terms
field-delivered_on = Delivered on
field-remarks = Remarks
check-seller_is_buyer = { $field }: the seller is the buyer.
check-no_such_line = { $field }: there is no line "{ $value }".
check-outside_period = { $field }: outside the contract's term.
check-schedule_exceeds_line = { $field }: the schedule adds up to { $scheduled }, more than the line's quantity.
check-too_many = { $field }: more than { $max } rows.
check-not_a_party = { $field }: your account may act for none of the contract's parties.
check-contract_closed = { $field }: the contract has ended; its terms cannot change.
check-not_from_here = { $field }: cannot move from "{ $from }" to "{ $to }".
check-before_first_day = { $field }: the contract holds only from { $date }.
check-not_proposed = { $field }: a contract is signed once it is put to the parties.
check-signed_already = { $field }: this party signed this version already.
check-not_in_force = { $field }: deliveries are recorded while the contract is in force.
check-exceeds_remaining = { $field }: more than what remains of the line ({ $remaining } left, in the line's unit).
check-stale_contract = { $field }: someone changed the contract meanwhile; look again and redo.
ContractKind-contract = Sales linkage contract
ContractKind-memorandum = Memorandum of understanding
ContractState-draft = Draft
ContractState-proposed = Awaiting signatures
ContractState-signed = Signed
ContractState-in_force = In force
ContractState-completed = Completed
ContractState-terminated = Terminated
audit-entity-market_contract = linkage contract
audit-entity-market_contract_version = version of a contract's terms
audit-entity-market_contract_signature = signature of a contract
audit-entity-market_delivery = delivery under a contract
market-reason_label = Reason
market-value_label = Value (đồng)
check-above_most = { $field }: larger than allowed (at most { $max }).
check-line_value_above_most = { $field }: quantity times price is above { $max } đồng.
check-signed_line_dropped = { $field }: line { $line } ({ $product }) was signed and cannot be dropped; add lines instead.
check-signed_line_changed = { $field }: a signed line ({ $product }) keeps its seller, product and unit.
check-below_delivered = { $field }: less than what was delivered ({ $delivered }).
check-after_last_day = { $field }: the contract ended on { $date }.
check-not_the_buyers_demand = { $field }: "{ $value }" is not a demand of this buyer.
field-demand_id = Demand
market-awaiting_signature = "{ $contract }" awaits the signature of { $party }
market-home_work = Linkage contracts to sign
market-contract_with = Write a contract with this supplier
confirm-q-sign_contract = Sign this version of the contract for the organisation chosen? A signature cannot be taken back.
market-propose = Put to the parties to sign
market-propose_hint = When the terms are ready, put them to the parties to read and sign; they can still change until every party has signed.
market-in_total = { $quantity } (over the whole period)
# Trade promotion: programmes between provinces, OCOP shops, fairs.
ProgrammeKind-cooperation = Cooperation programme
ProgrammeKind-twinning = Twinning programme
ProgrammeState-proposed = Awaiting an answer
ProgrammeState-signed = Signed
ProgrammeState-declined = Declined
ProgrammeState-withdrawn = Withdrawn
ActivityKind-fair = Fair or exhibition
ActivityKind-study_visit = Study visit
ActivityKind-product_exchange = Product exchange
ActivityKind-training = Training
ActivityKind-conference = Conference or seminar
ActivityKind-other = Other activity
ShopKind-ocop_shop = OCOP shop
ShopKind-point_of_sale = OCOP point of sale
ShopKind-showroom = Product showroom
ShopState-operating = Operating
ShopState-closed = Closed
FairKind-fair = Trade fair
FairKind-exhibition = Exhibition
FairKind-festival = Festival or product week
FairKind-online = Online fair
audit-entity-market_programme = cooperation programme between provinces
audit-entity-market_programme_activity = programme activity
audit-entity-market_shop = OCOP shop or point of sale
audit-entity-market_fair = trade fair
audit-entity-market_fair_participant = fair participant
market-programmes = Programmes between provinces
market-programmes_lead = Cooperation and twinning programmes between provinces' Cooperative Alliances: the parties, the signing date, the term, and the activities held with their results.
market-programme_count =
    { $count ->
        [one] { $n } programme.
       *[other] { $n } programmes.
    }
market-new_programme = Propose a programme
market-edit_programme = Edit the programme
market-programme_title_hint = For example: Cooperation programme between the Cooperative Alliances of Ninh Bình and Cà Mau, 2026–2030.
market-signed_on_hint = Only when both sides have signed; leave blank to send the programme to the partner province to answer.
market-open_ended_hint = Leave blank for a programme without an end.
market-from_day = From { $day }
market-term = Term
market-answer_proposal = Answer the proposal
market-sign_programme = Sign the programme
market-decline_programme = Decline
market-withdraw_programme = Withdraw the proposal
market-activities = The programme's activities
market-new_activity = Record an activity
market-edit_activity = Edit the activity
market-no_activities = No activity recorded yet.
market-activity_totals = { $n } activities; { $cooperatives } cooperatives taking part; sales of { $sales }; { $agreements } contracts and memoranda signed.
market-cooperatives_taking_part = Cooperatives taking part
market-last_day_hint = For an activity of several days: the last day.
market-held_in = Held in province
market-dong_hint = In đồng, for example 150,000,000.
market-agreements_hint = Linkage contracts and memoranda signed.
confirm-q-sign_programme = Sign this programme for the province's Cooperative Alliance? It will be published.
confirm-q-decline_programme = Decline this proposed programme?
confirm-q-withdraw_programme = Withdraw this proposed programme?
market-shops = OCOP shops and points of sale
market-shops_lead = Shops and points where OCOP products are shown and sold: where, who runs them, which products they carry.
market-shop_count =
    { $count ->
        [one] { $n } shop.
       *[other] { $n } shops.
    }
market-new_shop = Add a shop
market-edit_shop = Edit the shop
market-product_count =
    { $count ->
        [one] { $n } product
       *[other] { $n } products
    }
market-choose_products = Choose the products carried
market-choose_products_lead = Tick the OCOP products the shop sells. The products of the shop's province are listed; search to add products of other provinces.
market-find_products = Find products
market-no_products_found = No product of the OCOP register has these words.
market-run_by = Run by
market-products_carried = Products carried
market-no_products_carried = No product recorded yet.
market-operator_hint = The cooperative or enterprise of the registry that runs the shop: type its name, then choose.
market-operator_name_hint = When who runs it is not in the registry (a trade promotion centre, say), its name here.
market-fairs = Trade fairs and exhibitions
market-fairs_lead = Fairs, exhibitions and product weeks: dates, place, the cooperatives that took part with their products, sales and contracts signed.
market-fair_count =
    { $count ->
        [one] { $n } fair.
       *[other] { $n } fairs.
    }
market-new_fair = Add a fair
market-edit_fair = Edit the fair
market-fair_totals = { $participants } participants, { $products } products; sales of { $sales }; { $agreements } contracts and memoranda.
market-dates = Dates
market-place = Place
market-participants = Participants
market-no_participants = No participant recorded yet.
market-record_part = Record products and sales
market-add_participant = Add a participant
market-add = Add
market-participant_hint = Type the name of a cooperative, cooperative group or enterprise, then choose it.
market-organiser_hint = For example: the province's Cooperative Alliance with the Department of Industry and Trade.
market-participant_lead = Booths, products brought, sales and contracts signed at the fair.
market-products_shown = Products shown
market-no_ocop_products = This organisation has no OCOP product recorded.
market-remove_participant = Remove from the participants
market-agreements_worth = { $n } ({ $value })
confirm-q-remove_participant = Remove this organisation from the fair's participants, with its products and figures?
field-proposer_province = Proposing province
field-partner_province = Partner province
field-signed_on = Signed on
field-content = What was agreed
field-held_on = Held on
field-cooperatives = Cooperatives taking part
field-sales = Sales
field-agreements = Contracts and memoranda
field-agreement_value = Value of contracts
field-results = Results
field-operator_id = Run by
field-operator_name = Run by (outside the registry)
field-organiser_province = Organising province's alliance
field-organiser = Organiser
field-venue = Venue
field-venue_province = Province held in
field-booths = Booths
field-product_ids = Products
field-province_code = Province
check-same_as_proposer = { $field }: must be another province than the proposer's.
check-outside_programme = { $field }: outside the programme's time ({ $term }).
check-cannot_promote_for = { $field }: you do not run trade promotion for this province.
check-fixed_after_creation = { $field }: cannot change once recorded; record a new programme instead.
check-signed_by_answer = { $field }: the signing date is given when the partner signs the proposal.
check-not_a_next_state = { $field }: the programme no longer awaits an answer.
check-not_your_side = { $field }: this is the other province's to do.
check-programme_not_signed = { $field }: activities are recorded for signed programmes only.
check-operator_required = { $field }: choose who runs it from the registry, or type their name.
check-too_many_products = { $field }: more than { $max } products.
check-value_without_agreements = { $field }: a value needs the number of contracts signed.
check-not_their_product = { $field }: «{ $value }» is not this organisation's product.
market-address = Address
market-sold_at = Sold at
market-home_programmes = Proposed programmes awaiting your answer
market-awaiting_answer = «{ $programme }», proposed by { $province }
field-programme_name = Programme's name
field-activity_name = Activity's name
field-valid_from = In force from
field-valid_until = In force until
field-last_day = Last day
field-open_since = Open since
field-opening_day = Opening day
field-closing_day = Closing day
check-too_far_ahead = { $field }: too far ahead (in { $year } at the latest).
check-programme_answered = { $field }: the programme has been answered and is no longer edited; record what follows as activities.
market-reason_delivered =
    { $count ->
        [one] Delivered under { $n } linkage contract in the last 2 years
       *[other] Delivered under { $n } linkage contracts in the last 2 years
    }
check-saved_meanwhile = { $field }: someone saved this after you opened the page. What you typed is below; look it over, then save to replace theirs.
market-find = Find
market-find_keeps_ticks = Finding more products keeps what you ticked; save when you are done.
check-not_a_year = { $field }: «{ $value }» is not a year (2000 to 2100).

# Notifications the market sends
notify-market_demand_fits = { $buyer } wants to buy “{ $demand }” delivered to { $province } from { $from } to { $until }: your product { $product } fits, scoring { $score }/100.
notify-market_matches = { $count } listings answer your demand “{ $demand }”; the best: { $best } by { $maker } ({ $score }/100).
notify-market_listing_fits = A new listing fits your demand “{ $demand }”: { $product } by { $maker } ({ $province }), scoring { $score }/100.
notify-market_message = New message from { $from } about { $product }: “{ $excerpt }”
notify-market_contract_proposed = { $by } proposed the contract “{ $title }”; it awaits your signature.
notify-market_contract_signed = The contract “{ $title }” is signed by every party.
notify-market_contract_terminated = The contract “{ $title }” was terminated ({ $by }).

# Conversations
market-conversations = Conversations
market-conversations_lead = Buyers and cooperatives talking about a listing, from a match to a contract. Each message is told to the other side.
market-conversation = Conversation
market-conversation_count =
    { $count ->
        [one] { $n } conversation.
       *[other] { $n } conversations.
    }
market-message_count =
    { $count ->
        [one] { $n } message
       *[other] { $n } messages
    }
market-new_conversation = Start a conversation
market-conversation_buyer_hint = The organisation you buy for; leave blank if you buy for one only.
market-for_demand = for the demand
market-listing = Listing
market-demand = Demand
market-buyer = Buyer
market-seller = Seller
market-send = Send
market-contract_from_talk = Draw up a contract
market-talk_to_seller = Talk to the seller
market-talk_to_buyer = Talk to the buyer
market-contact_seller = Contact the seller
market-sign_in_to_contact = Sign in to contact the seller
field-message = Message
market-best_of =
    { $count ->
        [one] { $n } listing answers; the best { $shown } are shown.
       *[other] { $n } listings answer; the best { $shown } are shown.
    }
field-platform_url = Address on the Cooperative Alliance's e-commerce platform
market-platform_url_hint = The product's page on the Cooperative Alliance's e-commerce platform, when it is listed there (https://...). Reports count the products listed there from this.
market-on_platform = See it on the Cooperative Alliance's e-commerce platform
market-count_more = More than { $n } listings found; add a condition to narrow them.
