### The platform's pages: the frame, signing in, accounts, people and roles, the audit trail.
### English.
app-tagline = Collective economy
app-footer = Information system of the collective economy

nav-skip = Skip to the main content
nav-main = Main navigation
nav-home = Home
nav-units = Administrative units

auth-sign_in = Sign in
auth-form_kept = Your session had ended: what you typed is kept. Sign in again and the form comes back filled in.
auth-sign_out = Sign out

account-title = Account
account-password = Change the password
account-password_hint = At least 10 characters. Your other sessions will be closed, and your API tokens revoked unless you choose to keep them.
account-password_changed = Password changed. Your other sessions have been closed.
field-keep_tokens = Keep my API tokens
account-change_password = Change password
account-tokens = API tokens
account-tokens_lead = Let other software use the API with your rights: send the token as Authorization: Bearer. Revoke a token you no longer use.
account-token_once = Your new token. Copy it now: it is not stored and cannot be shown again.
account-create_token = Create token
account-token_start = Starts with
account-created = Created
account-last_used = Last used
account-revoked = Revoked
account-revoke = Revoke

nav-users = Users

users-title = People and roles

access-revoke = Revoke
access-pending = (invitation not yet accepted)
access-whole_country = Whole country
access-no_role = No role
access-province_scope = Province (Alliance officer)
access-commune_scope = Commune: code or name (commune officer)
access-organisation_scope = Organisation: name or number (manager, buyer)
access-scope_hint = Each role has a scope: Alliance officers a province (or the whole country), commune officers each commune, managers and buyers an organisation (type the organisation's name, accents optional, and pick a suggestion). An officer of a new province also sees the organisations registered in the old provinces merged into it; for communes, grant each old commune (before 1 July 2025) that became part of the new one. Changes apply from the holder's next request.
access-grant_title = Grant a role to an existing account
access-grant = Grant role
access-roles_title = Roles held
access-no_roles = No roles within your scope yet.
access-holder = Holder
access-granted = Granted on
access-your_roles = Your roles

users-invite = Invite a new user
users-send_invitation = Create invitation
users-invite_hint = The system makes a one-time link, valid 7 days, to pass on to the person by e-mail or message.
users-link_for = Link for
users-link_once = The link is shown this once and works once.
users-open_links = Links not yet used
users-kind = Kind
users-kind_invitation = Invitation
users-kind_reset = Password reset
users-expires = Expires
users-accounts = Accounts
users-admin = Administrator
users-reset = Make a password reset link

invite-title = Create your account
invite-reset_title = Set a new password
invite-password_hint = At least 10 characters.
invite-create_account = Create account
invite-set_password = Set password

error-link_not_valid_title = Link not valid
error-link_not_valid = This link cannot be used: it may have expired or been used already. Ask an administrator for a new one.

nav-audit = Audit trail

audit-title = Audit trail
audit-lead = Every change to the data: who, when, from where, and the values before and after. The trail cannot be edited or deleted.
audit-actor = Person
audit-entity = Record type
audit-entity_id = Record id
audit-organisation = Organisation (name or number)
audit-organisation_name = Organisation
audit-when = When
audit-address = Address
audit-what = Change
audit-export = Download (CSV)
audit-from = From
audit-to = To
audit-count =
    { $count ->
        [one] { $n } change.
       *[other] { $n } changes.
    }
audit-field = Field
audit-before = Before
audit-after = After
audit-action-create = Created
audit-action-update = Edited
audit-action-delete = Deleted
audit-action-status = Changed the status of
audit-entity-role_grant = role
audit-action-sign_in = Signed in
audit-action-sign_in_failed = Failed to sign in
audit-action-password_change = Changed the password of
audit-action-revoke = Revoked
audit-action-accept = Used
audit-entity-account = account
audit-entity-api_token = API token
audit-entity-invitation = invitation / reset link

auth-throttled = Too many failed sign-ins. Try again in { $minutes } minutes.
auth-failed = Wrong username or password.

home-title = The collective economy at a glance
home-lead = The registry of cooperative groups, cooperatives, unions, farms and related businesses, with their members and yearly figures.

filter-search = Search
filter-all = All
filter-more = More filters
filter-flags = Features

action-filter = Filter
action-clear = Clear
action-edit = Edit
action-save = Save
action-cancel = Cancel

registry-filters = Filters

era-2025 = Units from 1 July 2025
era-2008 = Units before 1 July 2025

pager-label = Pages
pager-prev = Previous
pager-next = Next

detail-province_old = Province before 1 July 2025

form-fix_errors = Please correct the following
form-conflict_title = Someone else saved this record
form-conflict = While you were editing, the record was saved at { $when }.
form-conflict_saved = Saved version
form-conflict_yours = Your version
form-conflict_next = The form keeps what you typed in them. Choose what should stay, then press Save.
form-conflict_taken = Their changes to fields you left alone are now in the form: { $fields }.
form-conflict_both = You both changed these fields, differently:
form-conflict_none = No field was changed by you both. Check the form, then press Save.
form-restored = What you typed before signing in again is back in the form below. Check it, then save.

units-title = Administrative units
units-lead = The 34 provinces from 1 July 2025 and the 63 provinces that merged into them.
units-communes = communes
units-all_provinces = All provinces
units-code = Code
units-district = District code
units-province_2025 = Province (from 1 July 2025)
units-formed_from = Formed from

error-not_found_title = Not found
error-forbidden_title = Not allowed
error-forbidden = Your role does not allow this on this record.
error-not_found = There is no such page or record.
error-internal_title = Something went wrong
error-internal = The system failed to handle the request. The error has been logged; please try again later.
error-form_not_accepted_title = Form not accepted
error-form_not_accepted = This form was not sent from a page of this system, or is out of date. Go back, reload the page and send it again.
error-method_not_allowed_title = This address does not work that way
error-method_not_allowed = This address only takes forms sent from the system's pages.
error-bad_request_title = Request not understood
error-bad_request = What was sent is not a valid form.
error-submission_in_progress = This request was already sent and is being carried out; wait a moment, then reload the page.
error-busy_title = The system is busy
error-busy = The database is busy with other work; nothing was saved. Please try again in a few seconds.
error-too_large_title = Too much data sent
error-too_large = What was sent exceeds what the system takes: { $megabytes } MB for a form, { $upload } MB for an uploaded file (a spreadsheet, a document, a photo).
error-unsupported_media_type = The body must be JSON (Content-Type: application/json).
error-refused_title = Not done
error-refused = The request was not carried out because:
error-sign_in_required = Sign in to do this.

## Words of documents and views
audit-yes = Yes
audit-no = No
field-If-Match = The If-Match header
field-Idempotency-Key = The Idempotency-Key header
field-q = Search words

## Asking before what cannot be undone
confirm-cannot_undo = This cannot be undone.
confirm-can_undo = The page that follows lets you undo it if you change your mind.
confirm-go_on = Yes, go ahead
confirm-go_back = No, go back
confirm-q-generic = Go ahead with this?
confirm-q-delete_member = Remove this member from the list?
confirm-q-delete_figures = Delete this year's figures?
confirm-q-withdraw_application = Withdraw this OCOP application?
confirm-q-revoke_role = Revoke this role?
confirm-q-revoke_token = Revoke this API token? Programs using it will no longer get in.
confirm-q-delete_entry = Delete this entered figure?
confirm-q-delete_target = Delete this plan target?
confirm-q-delete_template = Delete this template?
audit-export_cut = The file holds the latest { $n } of the { $total } changes that match; narrow the filter (dates, person, organisation) to download the rest.

## The one search
search-title = Search
search-words = Name of an organisation or product, or a certificate number
search-hint = e.g. che tan cuong
search-go = Search
search-nothing = Nothing matches «{ $q }».
nav-search = Search

# Notifications
nav-notifications = Notifications
notify-title = Notifications
notify-lead = What your organisation is told: buyers' demands that fit its products, messages, contracts waiting to be signed. Each is also e-mailed to the organisation's address where this site sends e-mail.
notify-count =
    { $count ->
        [one] { $n } notification.
       *[other] { $n } notifications.
    }
notify-unread = unread
notify-read_all = Mark all read
