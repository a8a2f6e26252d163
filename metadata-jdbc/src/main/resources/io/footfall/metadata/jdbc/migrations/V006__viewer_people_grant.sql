-- A viewer's grant to read the people of its sites (io.footfall.core.Membership#readsPeople).
-- Same portable SQL rules as V001; existing memberships read as not granted.
ALTER TABLE memberships ADD COLUMN reads_people BOOLEAN DEFAULT FALSE;
