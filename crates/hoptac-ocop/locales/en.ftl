### The OCOP programme's pages, fields and checks.
### English.
field-file = Scorecard file
field-product_group = Product group
field-group = Product group
field-product_set_id = Product set
field-ip_protection = IP protection
field-product_id = Product
field-opened_on = Opening date
field-closes_on = Last day for applications
field-round = Evaluation round
field-round_id = Evaluation round
field-application = Application
field-scorecard_id = Scorecard version
field-number = Decision number
field-date = Date signed
field-signer = Signed by
field-certificates = Certificate numbers
field-product = Product
field-has_quality_declaration = Quality declared
field-has_traceability = Traceable
field-decision_date = Decision date
field-decision_number = Decision number
field-application_id = Application
field-total = Total points
field-criteria = Criteria
field-product_set = Product set
field-scheme = Decision applied
field-points = Points
field-document = Dossier document
field-photo = Product photo
field-file_name = File name
field-content_type = File type
field-byte_size = Size (bytes)
field-sha256 = SHA-256 digest

ocop-title = OCOP products
ocop-lead = Products of OCOP subjects with the stars of the certificate that holds today. A product stops counting as an OCOP product on the day its certificate expires.
ocop-search_hint = Product or subject name; with or without diacritics
ocop-certified_only = OCOP products only
ocop-count =
    { $count ->
        [one] { $n } product found.
       *[other] { $n } products found.
    }
ocop-subject = Subject
ocop-valid_until = Expires on
ocop-stars_word = stars
ocop-notices = Certificates about to expire
ocop-notice_expiry = Certificate { $number } of { $product } expires on { $date }: apply for re-recognition.
ocop-new_product = Register a product
ocop-edit_product = Edit the product
ocop-organisation_hint = Type the subject's name (accents optional) and pick a suggestion, or its number in the registry: a cooperative, a cooperative group, an enterprise or a household business.
ocop-set_hint = The product set decides the scorecard it is scored on. Leave blank while no detailed scorecard exists: the product is scored per part A, B, C.
ocop-yes = Yes
ocop-no = No
ocop-holds_until = An OCOP product; its certificate expires on
ocop-no_certificate = No OCOP certificate holds today.
ocop-certificates = Certificates
ocop-no_certificates = The product has not been certified.
ocop-certificate_number = Certificate number
ocop-issued = Issued on
ocop-issued_by = Issued by
ocop-replaced_on = Replaced on
ocop-state = State
ocop-round = Round
ocop-verify = Verify
ocop-verify_title = Verify an OCOP certificate
ocop-verify_unknown = No certificate carries this code. Check the code printed under the QR code; if it is right, the certificate was not issued through this system.
ocop-verification_code = Verification code
ocop-latest_self_assessment = Latest self-assessment
ocop-self_assessment = Self-assessment
ocop-self_assessment_lead = Score the product on the scorecard as the council will. Once saved, the page gives the points, the projected stars and, criterion by criterion, where points can still be won for the next star. The result is a guide, not the council's rating.
ocop-apply_title = Apply for evaluation
ocop-no_open_rounds = No round of the province is receiving applications now.
ocop-apply = Apply
ocop-points = points
ocop-max = max
ocop-part = Part
ocop-criterion = Criterion
ocop-next_answer = Next answer up
ocop-not_recognised_yet = below 3 stars
ocop-potential_five = Potential 5 stars: goes to the central council
ocop-held_back = The total reaches { $stars } stars but a required criterion is below its minimum:
ocop-missed_minimum = { $criterion }: needs at least { $at_least } points for { $stars } stars (now { $points }).
ocop-next_star = To reach { $stars } stars
ocop-points_needed = { $n } more points are needed.
ocop-scorecard = Scorecard
ocop-scorecards = Scorecards
ocop-scorecards_lead = Each scorecard version belongs to a decision and a product set and holds the criterion tree with maxima, graded answers and minimums per star class. A set without a detailed tree is scored per part.
ocop-by_parts = scored per part
ocop-by_parts_hint = The detailed scorecard of this set is not loaded yet: score each part as a whole.
ocop-version = version
ocop-criteria = Criteria
ocop-minimums = Minimums per star class
ocop-minimum_rule = { $stars } stars: criterion { $criterion } at least { $at_least } points
ocop-loaded = Loaded on
ocop-load_scorecard = Load a scorecard version
ocop-load_hint = Save the scorecard sheet as CSV (UTF-8) with the columns scorecard, product_set, part, section, code, criterion_vi, criterion_en, max_points, options and, optionally, minimums such as 3:1|4:2. Check it before saving: each wrong line and column is named and the parts' totals are checked.
ocop-csv_file = Choose a CSV file (or paste its text below)
ocop-csv = CSV text
ocop-check = Check
ocop-save_version = Save as a new version
ocop-preview = Preview of the scorecard
ocop-preview_ok = The sheet is valid. Press "Save as a new version" to save it.
ocop-rounds = Evaluation rounds
ocop-rounds_lead = Each round is opened for a province: it receives applications, its council members score, and it closes with the provincial People's Committee's decision.
ocop-no_rounds = No rounds yet.
ocop-applications = Applications
ocop-decision = Decision
ocop-open_round = Open a round
ocop-round_name_hint = e.g. First round of 2026
ocop-level = Level
ocop-receiving = Receiving applications
ocop-scoring = Being scored
ocop-decided_by = No. { $number } of { $date }, signed by { $signer }
ocop-summary = Outcome of the round
ocop-submitted = Submitted
ocop-results = Results
ocop-summary_stars =
    { $count ->
        [one] { $n } product with { $stars } stars
       *[other] { $n } products with { $stars } stars
    }
ocop-summary_upgraded =
    { $count ->
        [one] { $n } product from { $from } to { $to } stars
       *[other] { $n } products from { $from } to { $to } stars
    }
ocop-no_applications = No applications yet.
ocop-sheets = Sheets
ocop-consolidated = Consolidated
ocop-spread = Lowest – highest
ocop-difference = Difference
ocop-submitted_on = Submitted on
ocop-own_total = Your total
ocop-score = Score
ocop-result = Result
ocop-holds = holds
ocop-withdrawn = Withdrawn
ocop-withdraw = Withdraw
ocop-apply_hint = Subjects apply from their product's page, under "Apply for evaluation".
ocop-council = Council
ocop-no_council = No council members yet.
ocop-council_username = Member's username
ocop-assign = Assign
ocop-record_decision = Record the decision
ocop-decision_hint = The decision approving the results closes the round: stars follow the council's consolidated score, certificates hold 36 months from the decision's date.
ocop-unscored = Sheets missing (sheets sent/council members):
ocop-certificate_numbers = Certificate numbers
ocop-certificate_numbers_hint = Leave blank to number them after the decision (…-001, …-002). Only products reaching 3 stars get a certificate.
ocop-score_title = Scoring sheet
ocop-score_lead = Score each criterion on your own. You may score again until the decision; a new sheet replaces your last.
ocop-scored_already = You scored this product { $total } points. Save again to replace your sheet.
ocop-back_to_round = Back to the round

check-round_changed = { $field }: the round changed while this was being saved; please try again.
check-scorecard_empty = { $field }: the file has no criterion lines.
check-scorecard_unknown_decision = { $field }: line { $line }: «{ $value }» is neither Decision 148/QĐ-TTg nor 1048/QĐ-TTg.
check-scorecard_mixed = { $field }: line { $line }: another decision or product set than the first line's; one file is one scorecard.
check-required_cell = { $field }: line { $line }: column { $column } is empty.
check-criterion_duplicate = { $field }: line { $line }: criterion code { $value } appears twice.
check-part_unknown = { $field }: line { $line }: part «{ $value }» is not A, B or C.
check-criterion_max_invalid = { $field }: line { $line }: maximum «{ $value }» must be a whole number from 1 to 100.
check-option_above_max = { $field }: line { $line }: option «{ $value }» is above the maximum.
check-option_order = { $field }: line { $line }: options must rise («{ $value }»).
check-option_invalid = { $field }: line { $line }: cannot read option «{ $value }» (write points:label).
check-option_max_missing = { $field }: line { $line }: the highest option must equal the maximum { $value }.
check-options_languages_differ = { $field }: line { $line }: the English options («{ $value }») grade other points than the Vietnamese ones; both columns must give the same points.
check-minimum_invalid = { $field }: line { $line }: minimum «{ $value }» must read stars:points, the points being one of the criterion's options.
check-part_total = { $field }: part { $part } adds up to { $total }, the decision sets { $expected }.
check-unreadable_line = { $field }: cannot read line { $line } ({ $detail }); a UTF-8 CSV with a header line is needed.
check-group_not_in_scheme = { $field }: this group does not belong to the scorecard's decision.
check-set_in_other_group = { $field }: this product set already belongs to group «{ $value }».
check-set_not_in_group = { $field }: set «{ $value }» is not in the product group chosen.
check-unknown_criterion = { $field }: the scorecard has no such criterion.
check-above_max = { $field }: above the maximum of { $max }.
check-not_an_option = { $field }: { $value } points is not one of the criterion's options ({ $options }).
check-invalid_points = { $field }: points must be a whole number, not negative (got { $value }).
check-scorecard_mismatch = { $field }: this product is not scored on scorecard version { $value }.
check-not_an_ocop_subject = { $field }: an OCOP subject is a cooperative, a cooperative group, an enterprise or a household business.
check-organisation_not_active = { $field }: the subject «{ $value }» is not active.
check-before_star_rules = { $field }: no OCOP star rules applied before { $date }, when the first took effect.
check-before_opening = { $field }: cannot be before the round opened { $date }.
check-unknown_product = { $field }: there is no product «{ $value }» in the registry.
check-round_closed = { $field }: round «{ $value }» no longer receives applications.
check-outside_round_province = { $field }: the subject is in { $value }, outside the round's province.
check-group_of_other_scheme = { $field }: the product is in a group of the former decision; choose its group under Decision { $value } before applying.
check-already_certified = { $field }: the product holds a valid certificate; apply for an upgrade or re-recognition.
check-no_certificate = { $field }: the product has no OCOP certificate to renew or upgrade.
check-already_top = { $field }: the product already holds five stars.
check-already_applied = { $field }: the product has already applied in this round.
check-round_decided = { $field }: the round has been decided and can no longer change.
check-application_withdrawn = { $field }: the application was withdrawn.
check-unknown_application = { $field }: application { $value } is not in this round.
check-before_applications = { $field }: the decision cannot precede the latest application of the round ({ $value }).
check-certificate_not_earned = { $field }: «{ $value }» earns no certificate.
check-unscored_applications = { $field }: some products are not scored yet: { $value }.
check-application_numbered_twice = { $field }: application { $value } already has a certificate number; one application earns one certificate.
check-duplicate_certificate_number = { $field }: number «{ $value }» is already used by another certificate.
check-conflict_of_interest = { $field }: this account manages { $organisation }, a subject with a product in the round; no one scores their own product.
check-too_many_files = { $field }: { $max } files are here already; remove one before adding another.

ocop-application_title = Application
ocop-dossier = Dossier documents
ocop-no_documents = No documents yet.
ocop-add_document = Add a document to the dossier
ocop-document_hint = PDF or a photo (JPEG, PNG, WebP), at most { $megabytes } MB a file and { $max } files a dossier.
ocop-upload = Upload
ocop-remove = Remove
ocop-file_image = Photo
ocop-council_sheets = The council's sheets
ocop-not_scored = not scored
ocop-left_council = left the council
ocop-not_scored_by = Not scored by:
ocop-open_application = Open the application
ocop-opens_in_new_tab = opens in a new tab
ocop-photos = Product photos
ocop-add_photo = Add a product photo
ocop-photo_hint = A JPEG, PNG or WebP photo, at most { $megabytes } MB a photo and { $max } photos a product. Photos are shown to everyone on the product's page.
ocop-producer = Producer
ocop-other_products = The producer's other products
ocop-products_of = Products in the OCOP programme ({ $n })
ocop-registration_form = The registration form, filled in (PDF)
ocop-registration_form_hint = print, sign and stamp it, then upload the scan to the dossier
ocop-applications_hidden = The round holds { $n } applications; their list and scores are for the council and the officers in charge until the decision. A subject finds its own from the product's page.
confirm-q-record_decision = Record the decision and issue the certificates? The round ends; its scores and results are published.
ocop-replaced_by = Replaced by certificate
confirm-q-remove_file = Remove this file?

audit-entity-ocop_scorecard = OCOP scorecard
audit-entity-ocop_product = OCOP product
audit-entity-ocop_self_assessment = OCOP self-assessment
audit-entity-ocop_round = OCOP round
audit-entity-ocop_application = OCOP application
audit-entity-ocop_sheet = OCOP scoring sheet
audit-entity-ocop_file = OCOP file (product photo, dossier document)
nav-ocop = OCOP

## IpProtection
IpProtection-trademark = Trademark
IpProtection-collective_mark = Collective mark
IpProtection-certification_mark = Certification mark
IpProtection-geographical_indication = Geographical indication

## Scheme
Scheme-148 = Decision 148/QĐ-TTg (2023)
Scheme-1048 = Decision 1048/QĐ-TTg (2019)

## ProductGroup
ProductGroup-food = Food
ProductGroup-drinks = Drinks
ProductGroup-herbs = Medicinal herbs and herbal products
ProductGroup-handicrafts = Handicrafts
ProductGroup-ornamental = Ornamental plants and animals
ProductGroup-tourism = Community tourism, eco-tourism and tourist sites
ProductGroup-1048_food = Food (Decision 1048)
ProductGroup-1048_drinks = Drinks (Decision 1048)
ProductGroup-1048_herbs = Herbs (Decision 1048)
ProductGroup-1048_textiles = Textiles and garments (Decision 1048)
ProductGroup-1048_souvenirs = Souvenirs, furnishing and decoration (Decision 1048)
ProductGroup-1048_tourism = Rural tourism services (Decision 1048)

## ApplicationKind
ApplicationKind-first = First evaluation
ApplicationKind-rerecognition = Re-recognition (certificate expiring)
ApplicationKind-upgrade = Upgrade to more stars

## Level
Level-district = District
Level-province = Province
Level-central = Central

## CertificateState
CertificateState-valid = Valid
CertificateState-expiring_soon = Expiring soon
CertificateState-expired = Expired
CertificateState-replaced = Replaced
CertificateState-not_yet_issued = Not yet in force

## Outcome
Outcome-recognised = Recognised for the first time
Outcome-rerecognised = Re-recognised
Outcome-upgraded = Upgraded
Outcome-not_upgraded = Not upgraded (keeps its stars)
Outcome-not_recognised = Not recognised
Outcome-withdrawn = Withdrawn

## Words of documents and views
ocop-decision_of = Decision { $number } of { $date }
ocop-round_and_decision = Round, decision
audit-entity-ocop_certificate = OCOP certificate
home-ocop_work = OCOP work waiting
home-sheet_waiting = Score «{ $product }» ({ $round })
home-round_receiving = { $round } ({ $province }): receiving applications, { $n } so far
home-round_to_decide = { $round } ({ $province }): { $n } applications awaiting the decision
ocop-member_progress = scored { $done }/{ $of } applications
search-products = OCOP products ({ $n })
search-all_products = See all { $n } products
search-certificates = OCOP certificates
