-- Member lists keep a member's birth year in a column for men and one for women, often without the
-- day: a member's sex, and the year of birth on its own (the birth date's year when that is known).
ALTER TABLE members ADD COLUMN gender TEXT;
ALTER TABLE members ADD COLUMN birth_year INTEGER;
UPDATE members SET birth_year = CAST(strftime('%Y', birth_date) AS INTEGER) WHERE birth_date IS NOT NULL;
