package dev.pgmcp.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualifiedNameTest {

    private static List<SqlToken> tokens(String sql) throws SqlSyntaxException {
        return StatementText.of(sql, true).tokens();
    }

    private static int indexOf(List<SqlToken> tokens, String text) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new AssertionError(text + " not in " + tokens);
    }

    @Test
    void readsTheWholeChainQuotedEscapedAndWithCommentsBetweenTheParts() throws Exception {
        List<SqlToken> t = tokens("SELECT NULL::mydb /* c */ . \"Hr\"\n.U&\"!0065mployees\" UESCAPE '!' [1]");
        QualifiedName name = QualifiedName.startingAt(t, indexOf(t, "mydb")).orElseThrow();
        assertThat(name.parts()).containsExactly("mydb", "Hr", "employees");
        assertThat(t.get(name.last()).text()).isEqualTo("U&\"!0065mployees\"");
        assertThat(name.withoutDatabase("mydb")).containsExactly("Hr", "employees");
        assertThat(name.withoutDatabase("other")).containsExactly("mydb", "Hr", "employees");
        assertThat(name.problemAsObjectName("mydb")).isEmpty();
        assertThat(name.problemAsObjectName("other")).get().asString().contains("not the current database");
        // From any of its parts, the same name; a middle part starts none.
        assertThat(QualifiedName.at(t, indexOf(t, "\"Hr\"")).orElseThrow()).isEqualTo(name);
        assertThat(QualifiedName.startingAt(t, indexOf(t, "\"Hr\""))).isEmpty();
    }

    @Test
    void findsTheQualifierOfAnOperatorAndRefusesLongNames() throws Exception {
        List<SqlToken> t = tokens("SELECT 1 OPERATOR(a.b.c.<!>) 2");
        int operator = indexOf(t, "<!>");
        QualifiedName qualifier = QualifiedName.endingAt(t, operator - 2).orElseThrow();
        assertThat(qualifier.parts()).containsExactly("a", "b", "c");
        assertThat(t.get(qualifier.first() - 1).text()).isEqualTo("(");
        QualifiedName four = new QualifiedName(List.of("a", "b", "c", "<!>"), qualifier.first(), operator);
        assertThat(four.problemAsObjectName("a")).get().asString().contains("4 parts");
    }

    @Test
    void stopsAtWhatIsNoIdentifier() throws Exception {
        List<SqlToken> t = tokens("SELECT (x).a.b, t.* FROM t");
        assertThat(QualifiedName.startingAt(t, indexOf(t, "a")).orElseThrow().parts()).containsExactly("a", "b");
        assertThat(QualifiedName.startingAt(t, indexOf(t, "t")).orElseThrow().parts()).containsExactly("t");
        assertThat(QualifiedName.at(t, indexOf(t, "("))).isEmpty();
    }

    @Test
    void findsTheQualifierOfANameThatFollows() throws Exception {
        List<SqlToken> t = tokens("SELECT db.late.summarize(), U&\"tr!0061ps\" UESCAPE '!' . f()");
        QualifiedName qualifier = QualifiedName.endingAt(t, indexOf(t, "summarize") - 2).orElseThrow();
        assertThat(qualifier.parts()).containsExactly("db", "late");
        assertThat(QualifiedName.endingAt(t, indexOf(t, "f") - 2).orElseThrow().parts()).containsExactly("traps");
    }
}
