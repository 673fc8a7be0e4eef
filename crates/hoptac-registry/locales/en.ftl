### The registry's pages, fields and checks.
### English.
field-short_name = Short name
field-tax_code = Tax code
field-registration_number = Registration number
field-registration_date = Registration date
field-founding_date = Founding date
field-sectors = Sectors
field-address = Address
field-commune_province = Province of the commune
field-sector = Sector
field-is_new_model = New-model cooperative
field-is_on_ecommerce = On the Alliance's e-commerce platform
field-member_kind = Member is a
field-on = On
field-founded_year = Founding year
field-representative_name = Legal representative
field-representative_title = Title
field-website = Website
field-charter_capital = Charter capital
field-status = Status
field-status_since = Since
field-effective_date = Effective date
field-reason = Reason
field-full_name = Member name
field-id_number = ID or tax number
field-birth_date = Date of birth
field-birth_year = Year of birth
field-gender = Sex
field-membership = Membership
field-joined_on = Joined on
field-left_on = Left on
field-capital_contribution = Capital contributed
field-members = Members
field-regular_workers = Regular workers
field-revenue = Revenue
field-profit = Profit
field-average_income = Average worker income
field-rating = Rating

auth-sign_in_to_edit = Sign in to update this record.

access-managers = Managers in hoptac
access-no_managers = No account manages this organisation yet.
access-add_manager = Invite or appoint a manager

detail-figures_private = Yearly figures are shown only to those who look after this organisation.
detail-changes = Change history
detail-changes_count =
    { $count ->
        [one] The only change.
       *[other] The latest { $shown } of { $n } changes.
    }
detail-all_changes = See all in the audit trail

home-active_now = Active now
home-count_on_date = Count those active on a date

filter-on = On
filter-search_hint = Name, short name or tax code; with or without diacritics
filter-founded_year = Founding year
filter-sort = Sort by

sort-name = Name
sort-founded = Newest founded
sort-updated = Recently updated

action-count = Count
action-delete = Delete

registry-title = Registry of organisations
registry-new = Add an organisation
registry-count =
    { $count ->
        [one] { $n } organisation found.
       *[other] { $n } organisations found.
    }
registry-count_on =
    { $count ->
        [one] { $n } organisation found on { $date }.
       *[other] { $n } organisations found on { $date }.
    }

era-2008_short = former unit

pager-text = Page { $page } of { $pages }

detail-since = since
detail-compliance = Breaches of the rules
detail-members = Members
detail-members_private = The list of members is shown only to those who look after this organisation.
detail-no_members = No members recorded yet.
detail-no_members_kind = This type of organisation has no members.
detail-figures = Yearly figures
detail-no_figures = No figures yet.
detail-money_unit = Amounts in đồng.
detail-history = Status history
detail-recorded = Last updated

status-change = Record a change of status

form-identity = Registration
form-address = Seat
form-contacts = Representative and contacts
form-more = Capital and features

hint-tax_code = 10 digits (with a check digit), 10 digits plus -001 for a branch, or a 12-digit personal number for a household business.
hint-commune = Enter the 5-digit code or the commune's name (choose the province to narrow it).
hint-money = In đồng, e.g. 1500000000

org-new_title = Add an organisation
org-edit_title = Edit organisation

member-new = Add a member
member-new_title = Add a member
member-edit_title = Edit member
member-delete_hint = Delete only a mistaken entry. For a member who left, record the leaving date.
member-cap_hint = At most { $percent }% of the charter capital: { $cap } đồng.
member-no_cap = No charter capital recorded, so the contribution cap is not checked.
member-birth_year_hint = When the date of birth is not known, the year alone.

figures-new = Add a year's figures
figures-new_title = Add a year's figures
figures-edit_title = Edit the figures of { $year }

check-id_taken = { $field }: the number now belongs to another record; the removed one cannot be put back under it.
check-invalid_tax_code = { $field }: must be 10 digits, 10 digits with a branch suffix (-001), or a 12-digit personal number.
check-tax_code_check_digit = { $field }: the check digit is wrong; please re-check the code.
check-personal_tax_code_not_allowed = { $field }: this type of organisation uses a 10-digit organisation tax code, not a personal number.
check-duplicate_tax_code = { $field }: tax code { $value } already belongs to another organisation.
check-after_organisation_ended = { $field }: after the organisation was dissolved or went bankrupt ({ $value }).
check-before_founding = { $field }: cannot be before the founding date.
check-before_joining = { $field }: cannot be before the joining date.
check-before_last_status = { $field }: cannot be before the last status change ({ $date }).
check-after_status_change = { $field }: later than a recorded status change ({ $date }).
check-status_final = { $field }: the organisation is dissolved or bankrupt; its status cannot change.
check-status_unchanged = { $field }: the organisation already has this status.
check-flag_not_applicable = { $field }: applies only to cooperatives and unions.
check-under_age = { $field }: a member who is a person must be 18 or older on joining.
check-invalid_year = { $field }: must be a year from { $min } to { $max }.
check-differs_from_birth_date = { $field }: differs from the year of the date of birth ({ $value }).
check-gender_of_a_person_only = { $field }: recorded for a member who is a person only.
check-member_kind_not_allowed = { $field }: members of a union must be legal entities (cooperatives).
check-members_not_applicable = { $field }: this type of organisation has no members.
check-capital_cap_exceeded = { $field }: a contribution of { $value } exceeds the { $percent }% cap on one member's share of the charter capital ({ $cap }).
check-year_out_of_range = { $field }: the year must be between { $min } and { $max }.
check-duplicate_year = { $field }: figures for { $value } already exist.

nav-registry = Registry
audit-entity-organisation = organisation
audit-entity-member = member
audit-entity-yearly_figures = yearly figures

## MemberKind
MemberKind-person = Person
MemberKind-household = Household
MemberKind-coop_group = Cooperative group
MemberKind-legal_entity = Legal entity

## Membership
Membership-official = Official member
Membership-associate = Associate member

Gender-male = Male
Gender-female = Female

## YearlyRating
YearlyRating-good = Good
YearlyRating-fair = Fair
YearlyRating-average = Average
YearlyRating-weak = Weak
YearlyRating-not_rated = Not rated
ProposalState-pending = Awaiting approval
ProposalState-accepted = Accepted
ProposalState-rejected = Rejected
ProposalState-withdrawn = Withdrawn
org-identity_proposed = The kind, tax code, registration number and date, founding date and commune are the legal identity the authorities confirm: a change of them is sent as a proposal for the officer in charge to approve; the other fields are saved at once.
proposal-title = A change of the legal identity awaits approval
proposal-by = Proposed by { $who } at { $when }.
proposal-now = Now
proposal-proposed = Proposed
proposal-accept = Accept the change
proposal-reject = Reject
proposal-withdraw = Withdraw the proposal
detail-members_search = Find members by name
detail-members_found = { $count ->
    [one] { $count } member found.
   *[other] { $count } members found.
}
registry-export = Download (in columns an import reads back):
registry-export_xlsx = List (Excel)
registry-export_csv = List (CSV)
registry-export_members_xlsx = Members (Excel)
registry-export_members_csv = Members (CSV)
field-current_commune = Commune since 1 July 2025
detail-current_commune_unknown = not in the crosswalk of old communes to new ones
detail-current_commune_unsettled = not settled (the old commune was split between several new ones)
detail-split_title = The old commune was split between several new ones
detail-split_text = Since 1 July 2025 the organisation's old commune lies in:
detail-split_suggested = Suggested from the organisation's address; check before saving.
detail-split_settle = Save the new commune
check-not_a_successor = { $field }: «{ $value }» is not one of the new communes the organisation's old commune became part of.
check-not_split = { $field }: the organisation's old commune was not split; its new commune follows from the crosswalk.
registry-export_year = Figures of
check-implausible_change = { $field }: { $value } is over a hundred times apart from { $year }'s figure ({ $previous }). Check the unit (đồng, thousand, million đồng) and the zeros; if the figure is right, tick "I have checked" and save again.
figures-unusual_checked = I have checked: these figures are right
home-your_work = Your work
home-figures_missing = Enter the { $year } figures of { $name }
home-proposal_waiting = Decide the change of legal identity { $proposer } proposed for { $name }
audit-entity-identity_proposal = proposed change of legal details
search-organisations = Organisations ({ $n })
search-all_organisations = See all { $n } organisations in the registry

undo-member_removed = Member «{ $name }» removed.
undo-figures_removed = The figures of { $year } removed.
undo-action = Undo
undo-member_restored = The member is back.
undo-figures_restored = The figures of { $year } are back.
