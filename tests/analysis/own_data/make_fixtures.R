# Writes the R-made fixtures of tests/analysis/test_own_data.py: the first 200 rows of psych::bfi as R writes
# them. Run from this folder: Rscript make_fixtures.R (R 4.2, psych 2.2.9).
library(psych)
d <- bfi[1:200, ]
d$sleep <- round(6 + (seq_len(200) %% 7) / 4, 2)  # a number with decimals, for the decimal comma
write.csv(d, "bfi_200.csv")                        # comma, NA, row names (the data's ids 61617, ...)
rownames(d) <- NULL
write.csv2(d, "bfi_200_csv2.csv")                  # semicolon, decimal comma, NA, row names 1..200
