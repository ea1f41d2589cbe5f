-- Anomaly signal messages stay a few hundred characters whatever the data: a list in a message shows its first few
-- items and how many more. Before, 2,025 identical selfies made one REUSED_PHOTO message of 74 MB (every use
-- repeated the list of every use), and 45 made a cell too long for the XLSX report.
CREATE FUNCTION signal_list(items text[], shown int DEFAULT 5, separator text DEFAULT ', ') RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT array_to_string(items[1:shown], separator)
           || CASE WHEN cardinality(items) > shown THEN ' dan ' || (cardinality(items) - shown) || ' lainnya' ELSE '' END
$$;
COMMENT ON FUNCTION signal_list(text[], int, text) IS 'The first few items of a list for an anomaly message, then how many more';
