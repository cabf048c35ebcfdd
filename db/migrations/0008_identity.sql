-- Reserved for the work in progress on this area; replace this line with the migration. --
SELECT 1;
