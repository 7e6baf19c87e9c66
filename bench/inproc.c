/* placeholder until the bench helper writes it */
int main(void);
int main(void) { return 0; }
