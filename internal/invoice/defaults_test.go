package invoice

import "testing"

func TestCompanyDefaultsAreValid(t *testing.T) {
	c := &Company{Name: "Atelier", Timezone: DefaultTimezone, Language: DefaultLanguage, Currency: DefaultCurrency}
	if err := c.Validate(); err != nil {
		t.Errorf("a company with the defaults is refused: %v", err)
	}
}
