-- Everything the reports read of an organisation, in one index: counting the active, founded and
-- flagged organisations of each province part reads the index instead of the rows.
CREATE INDEX organisations_for_reports ON organisations
    (kind, founding_date, province_code, old_province_code, status_since, status, commune_id,
     is_new_model, is_value_chain, is_on_ecommerce);
