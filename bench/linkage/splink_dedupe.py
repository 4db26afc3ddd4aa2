#!/usr/bin/env python3
"""Deduplicates persons.csv with Splink (DuckDB backend), configured as Splink's own deduplication tutorial does,
and writes clusters.csv (record_id,cluster_id) for `eduvn linkage evaluate`.

usage: splink_dedupe.py PERSONS OUT
Prints the time taken (reading, training, prediction and clustering).
"""
import sys, time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

persons, out = sys.argv[1], sys.argv[2]
started = time.perf_counter()
con = duckdb.connect()
df = con.sql(f"""
    SELECT record_id AS unique_id, nullif(national_id, '') AS national_id,
           nullif(lower(strip_accents(replace(replace(trim(full_name), 'đ', 'd'), 'Đ', 'D'))), '') AS full_name,
           nullif(date_of_birth, '') AS date_of_birth, nullif(gender, '') AS gender, nullif(birthplace, '') AS birthplace
    FROM read_csv('{persons}', all_varchar = true, header = true)
""")
df = con.sql("""
    SELECT *, split_part(full_name, ' ', 1) AS family_name,
           split_part(full_name, ' ', -1) AS given_name FROM df
""")
settings = SettingsCreator(
    link_type="dedupe_only",
    blocking_rules_to_generate_predictions=[
        block_on("national_id"),
        block_on("given_name", "date_of_birth"),
        block_on("full_name", "substr(date_of_birth, 1, 4)"),
    ],
    comparisons=[
        cl.ExactMatch("national_id"),
        cl.NameComparison("full_name"),
        cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
        cl.ExactMatch("gender"),
        cl.ExactMatch("birthplace"),
    ],
)
linker = Linker(df, settings, db_api=DuckDBAPI(con))
linker.training.estimate_probability_two_random_records_match([block_on("national_id")], recall=0.8)
linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("national_id"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "date_of_birth"))
predictions = linker.inference.predict(threshold_match_probability=0.5)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold_match_probability=0.5)
clusters.as_duckdbpyrelation().select("unique_id AS record_id, cluster_id").write_csv(out)
print(f"splink took {time.perf_counter() - started:.1f} s")
