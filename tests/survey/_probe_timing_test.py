import time
from tests.survey.test_hostile_corpus import *  # noqa

def test_timing(app, coordinator, world):
    t=time.perf_counter()
    forms = discovered_forms(app, coordinator, world)
    print("discover", time.perf_counter()-t)
    for url in _form_pages(app, world):
        t=time.perf_counter(); coordinator.get(url); print(url, round(time.perf_counter()-t,3))
    f=Filler()
    for page_url, form in forms:
        t=time.perf_counter(); r=_post(coordinator, page_url, form, f.data(form, "x", everywhere=False)); print("POST", form["action"] or page_url, r.status_code, round(time.perf_counter()-t,3))
    with app.app_context():
        t=time.perf_counter(); _stored_texts(); print("stored", time.perf_counter()-t)
