-- Each account of the bill (SubAccountId) with its name as the bill spells it (SubAccountName; the
-- greatest spelling when it changed over time), so pages can show names instead of bare ids.
-- @returns account_id VARCHAR, account_name VARCHAR
SELECT
  SubAccountId AS account_id,
  max(SubAccountName) AS account_name
FROM line_items
WHERE SubAccountId IS NOT NULL
GROUP BY SubAccountId
ORDER BY SubAccountId
