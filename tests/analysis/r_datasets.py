"""R's built-in data sets used as references in the statistics tests (public domain data shipped with R).

Values typed from R's ``datasets`` package; each test cites where R's printed output on them was published.
At the end, two of metafor's published meta-analysis data sets (package metadat) as ``escalc()`` turns them
into effects and variances, for the pooling tests.
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

# mtcars: cylinders, forward gears, carburettors and gross horsepower, in the data set's row order.
MTCARS_CYL = [6, 6, 4, 6, 8, 6, 8, 4, 4, 6, 6, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 8, 8, 8, 8, 4, 4, 4, 8, 6, 8, 4]
MTCARS_GEAR = [4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 4, 4, 4, 3, 3, 3, 3, 3, 4, 5, 5, 5, 5, 5, 4]
MTCARS_CARB = [4, 4, 1, 1, 2, 1, 4, 2, 2, 4, 4, 3, 3, 3, 4, 4, 4, 1, 2, 1, 1, 2, 2, 4, 2, 1, 2, 2, 4, 6, 8, 2]
MTCARS_HP = [
    110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215,
    230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109,
]  # fmt: skip

# airquality: daily ozone (ppb) in New York, 1 May - 30 September 1973, in row order; None is R's NA (37 days).
AIRQUALITY_OZONE = [
    41, 36, 12, 18, None, 28, 23, 19, 8, None, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, None, None,
    None, 23, 45, 115, 37,  # May
    None, None, None, None, None, None, 29, None, 71, 39, None, None, 23, None, None, 21, 37, 20, 12, 13, None,
    None, None, None, None, None, None, None, None, None,  # June
    135, 49, 32, None, 64, 40, 77, 97, 97, 85, None, 10, 27, None, 7, 48, 35, 61, 79, 63, 16, None, None, 80,
    108, 20, 52, 82, 50, 64, 59,  # July
    39, 9, 16, 78, 35, 66, 122, 89, 110, None, None, 44, 28, 65, None, 22, 59, 23, 31, 44, 21, 9, None, 45,
    168, 73, None, 76, 118, 84, 85,  # August
    96, 78, 73, 91, 47, 32, 20, 23, 21, 24, 44, 21, 28, 9, 13, 46, 18, 13, 24, 16, 13, 23, 36, 7, 14, 30, None,
    14, 18, 20,  # September
]  # fmt: skip
AIRQUALITY_MONTH = [5] * 31 + [6] * 30 + [7] * 31 + [8] * 31 + [9] * 30

# metafor's (package metadat's) data sets as the projects' effects escalc computes from them, in row order,
# printed with sprintf("%.17g", ...):
# dat.bcg: 13 trials of the BCG vaccine against tuberculosis (Colditz et al. 1994), log risk ratios:
#   escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
BCG_YI = [
    -0.88931133392020545, -1.5853886572014306, -1.3480731482996933, -1.4415511900213054, -0.21754732221129558,
    -0.78611558581886398, -1.6208982235983918, 0.011952333523840508, -0.4694176487381494, -1.3713448034727844,
    -0.33935882833839059, 0.44591340057137874, -0.017313948216879815,
]  # fmt: skip
BCG_VI = [
    0.32558476500396133, 0.19458112139814385, 0.41536796536796539, 0.020010031902247573, 0.051210172169630863,
    0.0069056184559087574, 0.22301724757231517, 0.0039615792978177295, 0.056434210463248966,
    0.07302479361302891, 0.01241221397155972, 0.53250584520015276, 0.071404659683986293,
]  # fmt: skip
# dat.normand1999: 9 studies of length of hospital stay, specialist vs routine care (Normand 1999), Hedges' g:
#   escalc(measure = "SMD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
#          data = dat.normand1999)
NORMAND_YI = [
    -0.35516964094010689, -0.34794002273909852, -2.3175691601637305, -1.8879822529368466, -0.38396414116970129,
    0.17214866906959103, 0.2720520738529319, -0.42459627189426086, 0.28955623008075509,
]  # fmt: skip
NORMAND_VI = [
    0.013064675541529683, 0.064468876098856681, 0.045812110280182811, 0.16061773593617348, 0.20543327839222422,
    0.036910570000361909, 0.060267125836432664, 0.014863038419332694, 0.036271734158054549,
]  # fmt: skip
