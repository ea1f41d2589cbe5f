-- signal_list, as V21 made it, but inlinable: a SQL function with a SET clause is called through the function
-- manager for each row (its search_path saved and restored every time), which cost a month of 240,000 signals
-- seconds. Without the clause PostgreSQL inlines it into the statement; every name in it is pg_catalog's, written
-- out, so no caller's search_path can change what it means. Same arguments, same result.
CREATE OR REPLACE FUNCTION signal_list(items text[], shown int DEFAULT 5, separator text DEFAULT ', ') RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.array_to_string(items[1:shown], separator)
           OPERATOR(pg_catalog.||) CASE WHEN pg_catalog.cardinality(items) OPERATOR(pg_catalog.>) shown
                                        THEN ' dan ' OPERATOR(pg_catalog.||) (pg_catalog.cardinality(items) OPERATOR(pg_catalog.-) shown)::pg_catalog.text
                                             OPERATOR(pg_catalog.||) ' lainnya'
                                        ELSE '' END
$$;
