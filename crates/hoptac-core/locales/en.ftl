### What every area says: the names of shared fields and the messages of shared checks.
### English.
field-kind = Type
field-stars = Stars
field-page = Page
field-per_page = Rows per page
field-query = Query string
field-name = Name
field-commune = Commune
field-province = Province (from 1 July 2025)
field-old_province = Province (before 1 July 2025)
field-commune_code = Commune code
field-phone = Phone
field-email = E-mail
field-username = Username
field-password = Password
field-current_password = Current password
field-new_password = New password
field-contact = E-mail or phone
field-display_name = Display name
field-token_name = Token name
field-body = Request body
field-role = Role
field-scope = Scope
field-user_id = Account
field-invitation_id = Invitation
field-organisation_id = Organisation
field-commune_era = Administrative era
field-is_value_chain = Linked to a value chain
field-description = Description
field-year = Year
field-source = Source
field-sort = Sort by
field-era = Administrative era
field-entity = Record type
field-organisation = Organisation
field-of_row = { $field } ({ $list }, row { $n })
field-unknown = Field
field-criterion = Criterion
field-id = Record id
field-issued_on = Issued on
field-prefix = Token start
field-state = State
field-withdrawn_on = Withdrawn on

check-required = { $field }: required.
check-too_long = { $field }: longer than { $max } characters.
check-file_damaged = { $field }: the image is damaged or does not read; take or save the photo again and upload it.
check-file_not_chosen = { $field }: no file was chosen.
check-file_empty = { $field }: the file is empty.
check-file_too_large = { $field }: the file is larger than { $megabytes } MB.
check-file_type_not_allowed = { $field }: the file's content is not of a kind accepted here ({ $allowed }); a file's kind is read from its content, not its name.
check-invalid_date = { $field }: not a valid date (use dd/mm/yyyy).
check-in_future = { $field }: cannot be later than today.
check-too_early = { $field }: too far in the past.
check-invalid_number-min = { $field }: must be a whole number of { $min } or more.
check-invalid_number = { $field }: must be a whole number (e.g. 1500000).
check-negative = { $field }: cannot be negative.
check-invalid_choice = { $field }: «{ $value }» is not one of the allowed values.
check-unknown_commune = { $field }: no commune «{ $value }» in the list of units.
check-ambiguous_commune = { $field }: several communes are called «{ $value }»; enter the 5-digit code.
check-invalid_email = { $field }: not a valid e-mail address.
check-invalid_phone = { $field }: a phone number has 8 to 15 digits.
check-invalid_username = { $field }: letters without accents, digits and . _ - @ only (64 at most).
check-password_too_short = { $field }: needs at least { $min } characters.
check-invalid_contact = { $field }: needs an e-mail address or a phone number.
check-wrong_password = { $field }: not correct.
check-username_taken = { $field }: this username is taken.
check-outside_scope = { $field }: «{ $value }» is outside the scope you were given.
check-not_grantable = { $field }: you cannot grant this role in the scope chosen.
check-assigned_in_round = { $field }: OCOP council members are assigned from their evaluation round.
check-unknown_organisation = { $field }: no organisation «{ $value }».
check-several_organisations_match = { $field }: { $count } organisations match «{ $value }»: { $choices }. Type the whole name, or copy one of the names above with its number (#…).
check-buyer_not_enterprise = { $field }: a buyer must be an enterprise in the registry.
check-unknown_account = { $field }: there is no account «{ $value }».
check-already_granted = { $field }: this account already holds this role there.
check-malformed = { $field }: the data sent could not be read ({ $detail }).
check-stale = { $field }: someone else changed the record after you opened it (it is now at version { $current }); reload, look at their changes, then edit again.
check-differs_from_if_match = { $field }: differs from the version If-Match names ({ $value }); send one version.
field-version = Version
check-control_characters = { $field }: holds a control character (one that cannot be seen); type it again.
check-damaged_text = { $field }: the text was damaged before it was sent (it holds «�»); type it again, or save the file as UTF-8.
check-invalid_flag = { $field }: only «true» or «false».
check-too_many_words = { $field }: more than { $max } words; search with fewer.
check-other = { $field }: invalid ({ $code }).

## OrgKind
OrgKind-tht = Cooperative group
OrgKind-htx = Cooperative
OrgKind-lhhtx = Union of cooperatives
OrgKind-farm = Farm
OrgKind-enterprise = Enterprise
OrgKind-household_business = Household business

## Sector
Sector-agriculture = Agriculture, forestry and fishery
Sector-industry_handicraft = Industry and handicraft
Sector-trade_services = Trade and services
Sector-transport = Transport
Sector-construction = Construction
Sector-credit = People's credit fund
Sector-environment = Environmental services
Sector-other = Other

## OrgStatus
OrgStatus-active = Active
OrgStatus-suspended = Suspended
OrgStatus-dissolved = Dissolved
OrgStatus-bankrupt = Bankrupt

## Role
Role-alliance_officer = Cooperative Alliance officer
Role-commune_officer = Commune officer
Role-manager = Organisation manager
Role-buyer = Buyer (enterprise)
Role-evaluator = OCOP council member
check-too_large = { $field }: «{ $value }» is larger than possible (at most { $max }); check the number and the unit in the heading.

unit-dong = đồng
check-hidden_characters = { $field }: holds a hidden character that changes how the text shows (a direction override, a zero-width character); type it again.
check-not_a_web_address = { $field }: “{ $value }” is not a web address (one like https://domain.vn/...).
