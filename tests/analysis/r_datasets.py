"""R's built-in data sets used as references in the statistics tests (public domain data shipped with R).

Values typed from R's ``datasets`` package; each test cites where R's printed output on them was published.
"""

# sleep: extra hours of sleep for 10 patients under two drugs (group 1, group 2), same patients in both.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# PlantGrowth: dried weight of plants, control and two treatments.
PLANT_CTRL = [4.17, 5.58, 5.18, 6.11, 4.50, 4.61, 5.17, 4.53, 5.33, 5.14]
PLANT_TRT1 = [4.81, 4.17, 4.41, 3.59, 5.87, 3.83, 6.03, 4.89, 4.32, 4.69]
PLANT_TRT2 = [6.31, 5.12, 5.54, 5.50, 5.37, 5.29, 4.92, 6.15, 5.80, 5.26]

# mtcars: miles per gallon (mpg) in the data set's row order, and transmission (am: 0 automatic, 1 manual).
MTCARS_MPG = [
    21.0, 21.0, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4,
    14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26.0, 30.4, 15.8, 19.7, 15.0, 21.4,
]  # fmt: skip
MTCARS_AM = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
MPG_AUTOMATIC = [mpg for mpg, am in zip(MTCARS_MPG, MTCARS_AM, strict=True) if am == 0]
MPG_MANUAL = [mpg for mpg, am in zip(MTCARS_MPG, MTCARS_AM, strict=True) if am == 1]

# ?wilcox.test: Hamilton depression scale before (x, first visit) and after (y, second visit) a tranquilizer.
DEPRESSION_X = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
DEPRESSION_Y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
