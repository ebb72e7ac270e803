"""Region names as the reader says them (issue 13 item 11)."""


def test_the_country_is_named_in_the_readers_language(data):
    assert data.region_name("NL") == "Nederland"
    assert data.region_name("NL", "nl") == "Nederland"
    assert data.region_name("NL", "en") == "the Netherlands"


def test_municipalities_keep_their_official_name_in_english(data):
    assert data.region_name("GM0363", "en") == data.region_name("GM0363") == "Amsterdam"
    assert data.region_name("GM1900", "en") == "Súdwest-Fryslân"
