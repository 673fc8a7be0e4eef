-- A certificate issued before hoptac kept the province's rounds (imported from the province's list
-- of OCOP products) has no application: it carries the decision that issued it itself.
ALTER TABLE ocop_certificates ADD COLUMN decision_number TEXT;
ALTER TABLE ocop_certificates ADD COLUMN decision_date TEXT;
